"use client";

// The Recharts charts, loaded after the page is interactive: Recharts is most of the page's
// JavaScript, and the cards, summaries and tables around the charts render without it.
import dynamic from "next/dynamic";
import { ChartSkeleton } from "./chart-skeleton";

export const ChannelPerformanceChart = dynamic(
  () => import("./channel-performance-chart").then((m) => m.ChannelPerformanceChart),
  { ssr: false, loading: () => <ChartSkeleton height="h-[19.5rem]" /> },
);
export const NodeStatsChart = dynamic(() => import("./node-stats-chart").then((m) => m.NodeStatsChart), {
  ssr: false,
  loading: () => <ChartSkeleton height="h-80" />,
});
export const FailureTrendChart = dynamic(
  () => import("./failure-trend-chart").then((m) => m.FailureTrendChart),
  { ssr: false, loading: () => <ChartSkeleton height="h-80" /> },
);
export const WorkflowSummaryChart = dynamic(
  () => import("./workflow-summary-chart").then((m) => m.WorkflowSummaryChart),
  { ssr: false, loading: () => <ChartSkeleton height="h-56" /> },
);
export const LlmTokensChart = dynamic(() => import("./llm-tokens-chart").then((m) => m.LlmTokensChart), {
  ssr: false,
  loading: () => <ChartSkeleton />,
});
export const TierDistributionChart = dynamic(
  () => import("./tier-distribution-chart").then((m) => m.TierDistributionChart),
  { ssr: false, loading: () => <ChartSkeleton /> },
);
