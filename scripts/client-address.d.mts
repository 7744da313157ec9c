export declare const CLIENT_ADDRESS_HEADER: string;
export declare function clientAddress(
  forwardedFor: string | string[] | undefined,
  socketAddress: string | undefined,
  trustedProxies: number,
): string;
export declare function trustedProxyCount(value: string | undefined): number;
export declare function malformedPath(url: string | undefined): boolean;
