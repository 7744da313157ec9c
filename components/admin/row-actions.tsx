"use client";

import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";

/**
 * The actions cell of an administration list row: Restore for a deleted row (disabled, with the
 * reason, when it cannot be restored on its own), otherwise any extra actions, Edit and Delete.
 */
export function RowActions({
  name,
  deleted,
  onEdit,
  onDelete,
  onRestore,
  restoring,
  restoreBlockedReason,
  stack = false,
  children,
}: {
  /** What the row is called, for the buttons' accessible names ("Edit Senior engineer"). */
  name: string;
  deleted: boolean;
  onEdit: () => void;
  onDelete: () => void;
  onRestore: () => void;
  restoring: boolean;
  /** Set when the row cannot be restored on its own (e.g. its workflow is deleted). */
  restoreBlockedReason?: string | null;
  /** Stack the buttons below extra-large widths (rows with three actions). */
  stack?: boolean;
  /** More actions, shown before Edit on live rows. */
  children?: ReactNode;
}) {
  return (
    <div
      className={
        stack ? "flex flex-col items-end gap-1 xl:flex-row xl:justify-end" : "flex justify-end gap-1"
      }
    >
      {deleted ? (
        <Button
          size="sm"
          onClick={onRestore}
          disabled={Boolean(restoreBlockedReason)}
          title={restoreBlockedReason ?? undefined}
          pending={restoring}
          aria-label={`Restore ${name}`}
        >
          Restore
        </Button>
      ) : (
        <>
          {children}
          <Button size="sm" onClick={onEdit} aria-label={`Edit ${name}`}>
            Edit
          </Button>
          <Button size="sm" variant="danger" onClick={onDelete} aria-label={`Delete ${name}`}>
            Delete
          </Button>
        </>
      )}
    </div>
  );
}
