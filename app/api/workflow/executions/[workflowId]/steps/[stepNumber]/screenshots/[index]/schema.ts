import { stepParams } from "../../../../../schema";
import { screenshotIndex } from "../schema";

export const screenshotParams = stepParams.extend({ index: screenshotIndex });
