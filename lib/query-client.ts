import { isServer, QueryClient } from "@tanstack/react-query";

/**
 * The one React Query client factory. Server pages make a fresh client per request to
 * prefetch and dehydrate; the browser keeps a single client for the session, so hydrated
 * data, live updates and refetches all land in the same cache.
 */
export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // hydrated data is fresh: do not refetch it the moment the page becomes interactive
        staleTime: 15_000,
        refetchOnWindowFocus: true,
        retry: (failureCount, error) => {
          const status = (error as { status?: unknown }).status;
          // 4xx are answers, not hiccups
          if (typeof status === "number" && status >= 400 && status < 500) return false;
          return failureCount < 2;
        },
      },
      mutations: { retry: false },
    },
  });
}

let browserClient: QueryClient | undefined;

export function getQueryClient(): QueryClient {
  if (isServer) return makeQueryClient();
  browserClient ??= makeQueryClient();
  return browserClient;
}
