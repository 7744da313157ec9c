// The schema's vocabularies, re-exported for components (which never import db/ directly).
export {
  type Channel,
  channels,
  matchBands,
  type RunStatus,
  runStatuses,
  type StepStatus,
  stepStatuses,
} from "@/db/schema/enums";
