import { type DehydratedState, HydrationBoundary } from "@tanstack/react-query";

/** A page's client part under the queries its server part prefetched (the client is the layout's). */
export function Hydrated({ state, children }: { state: DehydratedState; children: React.ReactNode }) {
  return <HydrationBoundary state={state}>{children}</HydrationBoundary>;
}
