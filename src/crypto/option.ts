// The `disk.encrypt` option, apart from the cipher so that checking options (createCache in a
// page whose worker runs the disk tier) loads none of it.

/** `true` (a key kept in the cache's database), an AES-GCM CryptoKey of the app's, or off (undefined, false). */
export function checkEncrypt(option: unknown): true | CryptoKey | undefined {
  if (option === undefined || option === false) return undefined;
  const key = option as CryptoKey;
  if (option === true || (key instanceof CryptoKey && key.algorithm.name === 'AES-GCM' && key.usages.includes('encrypt') && key.usages.includes('decrypt'))) return key;
  throw new TypeError('encrypt must be a boolean or AES-GCM CryptoKey');
}
