import { refused, type PassageStep } from './passage-step.js';

/** No passage answers, confidently or cautiously: "couldn't find". */
export const refuseWithoutAnchorStep: PassageStep = {
  name: 'refuse-without-anchor',
  run: (selection) => (selection.anchors.length === 0 ? refused(selection, 'refuse-without-anchor') : selection),
};
