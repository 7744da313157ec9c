import type { Metadata } from "next";
import { Suspense } from "react";
import { AnalyticsSkeleton } from "@/components/analytics/analytics-skeleton";
import { bucketNouns, chartThemeClass, formatDay } from "@/components/analytics/chart-config";
import { RangePicker } from "@/components/analytics/range-picker";
import { PageHeader } from "@/components/ui/page-header";
import { bucketFor } from "@/db/queries/analytics";
import { requireUser } from "@/lib/auth/session";
import { AnalyticsSections } from "./sections";
import { rangePresets, resolveRange } from "./search-params";

export const metadata: Metadata = { title: "Analytics" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AnalyticsPage({ searchParams }: Props) {
  const user = await requireUser("analytics:read");
  const range = resolveRange(await searchParams);
  const bucket = bucketFor(range);
  return (
    <div className={chartThemeClass}>
      <PageHeader
        title="Analytics"
        description="Channel performance, node statistics, failed steps, LLM usage and tiers of your organization's runs."
      />
      {range.error ? (
        <p
          role="alert"
          className="mb-4 rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
        >
          {range.error}
        </p>
      ) : null}
      <RangePicker
        basePath="/analytics"
        presets={rangePresets}
        active={range.preset}
        fromDay={range.fromDay}
        toDay={range.toDay}
        description={`${formatDay(range.from)} – ${formatDay(range.toDay)} · per ${bucketNouns[bucket]} · UTC`}
      />
      {/* keyed by the period: switching it shows the skeleton at once instead of a frozen page */}
      <Suspense key={range.query} fallback={<AnalyticsSkeleton />}>
        <AnalyticsSections orgId={user.orgId} range={range} />
      </Suspense>
    </div>
  );
}
