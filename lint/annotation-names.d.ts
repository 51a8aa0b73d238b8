export declare const KNOWN_ANNOTATIONS: readonly string[];
export declare function checkAnnotationName(
  name: string,
  extraAnnotations?: readonly string[],
): { message: string; suggestion?: string } | undefined;
