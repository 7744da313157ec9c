import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Runledger", template: "%s · Runledger" },
  description: "The system of record for AI recruiting workflow executions.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen">{children}</body>
    </html>
  );
}
