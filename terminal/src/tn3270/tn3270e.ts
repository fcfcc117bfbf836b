// TN3270E (RFC 2355) codes, as x3270 include/tn3270e.h names them.
export const TN3270E_OP = {
  ASSOCIATE: 0,
  CONNECT: 1,
  DEVICE_TYPE: 2,
  FUNCTIONS: 3,
  IS: 4,
  REASON: 5,
  REJECT: 6,
  REQUEST: 7,
  SEND: 8,
} as const;

export const TN3270E_REASON = {
  CONN_PARTNER: 0,
  DEVICE_IN_USE: 1,
  INV_ASSOCIATE: 2,
  INV_NAME: 3,
  INV_DEVICE_TYPE: 4,
  TYPE_NAME_ERROR: 5,
  UNKNOWN_ERROR: 6,
  UNSUPPORTED_REQ: 7,
} as const;

export const TN3270E_DATA = {
  DATA_3270: 0x00,
  SCS: 0x01,
  RESPONSE: 0x02,
  BIND_IMAGE: 0x03,
  UNBIND: 0x04,
  NVT: 0x05,
  REQUEST: 0x06,
  SSCP_LU: 0x07,
  PRINT_EOJ: 0x08,
} as const;

/**
 * The TN3270E functions this server performs: none. (BIND-IMAGE would oblige us to send a
 * BIND, RESPONSES to answer every record; x3270 ignores 3270 data while unbound.)
 */
export const SUPPORTED_FUNCTIONS: readonly number[] = [];
