import { ButtonLink } from "@/components/ui/button";

export default function WorkflowNotFound() {
  return (
    <div className="rounded-xl border border-slate-200 bg-white p-8 text-center dark:border-slate-800 dark:bg-slate-900">
      <h1 className="text-lg font-semibold">Workflow not found</h1>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        It does not exist in your organization, or it has been deleted.
      </p>
      <ButtonLink href="/workflows" className="mt-4">
        Back to workflows
      </ButtonLink>
    </div>
  );
}
