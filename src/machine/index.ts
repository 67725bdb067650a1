// From culprits named in a log to the machine folder's code and config.
export { Machine } from './machine.js';
export { modeOfOwner, ownerKindOf } from './owners.js';
export type { HandlerQuery, MachineFiles, MachineWarning, OwnerCode, OwnerKind, SourceLine, SourceRole } from './types.js';
export { diskFiles, loadMachine, MAX_MACHINE_FILE_BYTES, MAX_MACHINE_FILES } from './disk.js';
export { findMachineFolder, isMachineFolder } from './folder.js';
export { indexPython } from './python-index.js';
export { indexYaml } from './yaml-index.js';
