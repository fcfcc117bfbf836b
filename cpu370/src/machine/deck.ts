// IPL card decks for stand-alone programs: a deck that loads an image at an origin with
// the IPL channel program and starts it with a given PSW. The layout is the one Hercules
// users build by hand (shared/reference/hercules-reference.md, "IPL from a card deck"):
//
//   card 0     PSW; CCW READ CHAIN (CC+SLI, 80); CCW TIC CHAIN
//   chain card up to 9 READs of image cards (CC+SLI, 80) and one READ of the next chain
//              card into CHAIN+80, which is the next CCW address: the chain extends itself
//   image cards, 9 after each chain card
//
// The last READ has no command chaining, so the IPL I/O ends with channel end and device end.

export const CARD_BYTES = 80;
const READ = 0x02;
const TIC = 0x08;
const CC_SLI = 0x60;
const SLI = 0x20;
const PER_CHAIN_CARD = 9;

export interface DeckOptions {
  /** Where the image goes (any address; the IPL reads 80 bytes per card from there up). */
  origin: number;
  /** The IPL PSW: default BC mode, disabled, key 0, instruction address = origin. */
  psw?: readonly [number, number];
  /** Where the CCW chain goes: default X'200' when it fits below the origin, else just past the image. */
  chainAt?: number;
}

function ccw(out: Uint8Array, at: number, cmd: number, addr: number, flags: number, count: number): void {
  out[at] = cmd;
  out[at + 1] = addr >>> 16;
  out[at + 2] = addr >>> 8;
  out[at + 3] = addr;
  out[at + 4] = flags;
  out[at + 5] = 0;
  out[at + 6] = count >>> 8;
  out[at + 7] = count;
}

function word(out: Uint8Array, at: number, v: number): void {
  out[at] = v >>> 24;
  out[at + 1] = v >>> 16;
  out[at + 2] = v >>> 8;
  out[at + 3] = v;
}

/** The deck as consecutive 80-byte card images. */
export function iplDeck(image: Uint8Array, opts: DeckOptions): Uint8Array {
  const origin = opts.origin;
  const nImage = Math.max(1, Math.ceil(image.length / CARD_BYTES));
  const nChain = Math.ceil(nImage / PER_CHAIN_CARD);
  const chainBytes = nChain * CARD_BYTES;
  const end = origin + nImage * CARD_BYTES;
  const chain = opts.chainAt ?? (0x200 + chainBytes <= origin ? 0x200 : (end + 7) & ~7);
  if ((chain & 7) !== 0) throw new RangeError('the CCW chain must be on a doubleword boundary');
  if (chain < origin + nImage * CARD_BYTES && chain + chainBytes > origin) throw new RangeError('the CCW chain overlaps the image');
  if (origin < 24 || end > 0x1000000) throw new RangeError('the image must lie between X\'18\' and 16M');
  const deck = new Uint8Array((1 + nChain + nImage) * CARD_BYTES);
  const [hi, lo] = opts.psw ?? [0x00000000, origin & 0xffffff];
  word(deck, 0, hi);
  word(deck, 4, lo);
  ccw(deck, 8, READ, chain, CC_SLI, CARD_BYTES);
  ccw(deck, 16, TIC, chain, 0, 1);
  let card = 1;
  let imageCard = 0;
  for (let c = 0; c < nChain; c++) {
    const chainCard = deck.subarray(card * CARD_BYTES, (card + 1) * CARD_BYTES);
    card++;
    const n = Math.min(PER_CHAIN_CARD, nImage - imageCard);
    const lastChainCard = c === nChain - 1;
    for (let i = 0; i < n; i++) {
      const lastRead = lastChainCard && i === n - 1;
      ccw(chainCard, i * 8, READ, origin + (imageCard + i) * CARD_BYTES, lastRead ? SLI : CC_SLI, CARD_BYTES);
    }
    if (!lastChainCard) ccw(chainCard, n * 8, READ, chain + (c + 1) * CARD_BYTES, CC_SLI, CARD_BYTES);
    for (let i = 0; i < n; i++) {
      const from = (imageCard + i) * CARD_BYTES;
      deck.set(image.subarray(from, Math.min(from + CARD_BYTES, image.length)), card * CARD_BYTES);
      card++;
    }
    imageCard += n;
  }
  return deck;
}
