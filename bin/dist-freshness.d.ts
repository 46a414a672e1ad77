export declare const DIST: string;
export declare const SOURCE_FOLDERS: string[];
export declare const BUILD_STAMP: string;
/** True when dist/ exists and no file under server/ or db/ was changed after it was built. */
export declare function distIsFresh(root: string): boolean;
