export * from "./analytics";
export * from "./around";
export * from "./definitions";
export * from "./enums";
export * from "./executions";
export * from "./recruiting";
export * from "./tenancy";
