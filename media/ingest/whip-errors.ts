/** An SDP offer Nist cannot answer; the message says what is wrong in words an encoder's operator can act on. */
export class SdpOfferError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SdpOfferError';
  }
}
