"use client";

import { TabNav, type TabLink } from "@/components/ui/admin-tabs";

export function SettingsTabs({ tabs }: { tabs: TabLink[] }) {
  return <TabNav label="Settings sections" tabs={tabs} />;
}
