// Types for the idn-email format check of ajv-formats-draft2019 (CommonJS, untyped): the very check the CycloneDX
// library's JSON validator applies to `email` fields, so provscan's output passes it by construction.
declare module 'ajv-formats-draft2019/formats/idn-email.js' {
  /** Whether `value` is an RFC 6531 mailbox (smtp-address-parser). */
  const isIdnEmail: (value: string) => boolean;
  export default isIdnEmail;
}
