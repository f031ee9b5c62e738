// The simulated VGA's text font: ASCII 32–126 drawn as 5×7 glyphs (written for virtdesk), each
// row one base-32 digit (bit 4 = leftmost pixel), seven rows per glyph. Expanded once into an
// 8×16 cell: one column of space either side, each row doubled, a blank row above and below.

export const GLYPH_WIDTH = 8;
export const GLYPH_HEIGHT = 16;

const FIRST = 0x20;
const LAST = 0x7e;
const ROWS_5X7 =
  '00000004444404aa00000aavavaa4fke5u4op248j3cik8lid44000002488842842224804lel40044v4400000c48' +
  '000v00000000cc01248g0ehjlphe4c4444eeh1248vv2421he26aiv22vgu11he68guhhev124888ehhehheehhf12c' +
  '0cc0cc00cc0c48248g84200v0v008421248eh12404eh1dlleehhhvhhuhhuhhuehggghesihhhisvgguggvvgguggg' +
  'ehgnhhfhhhvhhhe44444e72222ichikokihggggggvhrllhhhhhpljhhehhhhheuhhugggehhhliduhhukihfgge11u' +
  'v444444hhhhhhehhhhha4hhhlllahha4ahhhhha444v1248gve88888e0g84210e22222e4ah0000000000v8420000' +
  '00e1fhfggmphhu00egghe11djhhf00ehvge698s8880fhhf1eggmphhh40c444e20622icggikokic44444e00qllhh' +
  '00mphhh00ehhhe00uhugg00djf1100mpggg00ege1u88s889600hhhjd00hhha400hhlla00ha4ah00hhf1e00v248v' +
  '244844244444448442448008l200';

/** 16 bytes per code point 0–127 (bit 7 = leftmost pixel); control codes and DEL are blank. */
export const FONT_8X16: Uint8Array = expand();

function expand(): Uint8Array {
  const font = new Uint8Array(128 * GLYPH_HEIGHT);
  for (let code = FIRST; code <= LAST; code++) {
    for (let row = 0; row < 7; row++) {
      const bits = parseInt(ROWS_5X7.charAt((code - FIRST) * 7 + row), 32);
      const byte = bits << 2;
      font[code * GLYPH_HEIGHT + 1 + row * 2] = byte;
      font[code * GLYPH_HEIGHT + 2 + row * 2] = byte;
    }
  }
  return font;
}

/** The glyph rows of a byte; anything outside ASCII 32–126 shows as '?'. */
export function glyphOf(code: number): Uint8Array {
  const c = code >= FIRST && code <= LAST ? code : 0x3f;
  return FONT_8X16.subarray(c * GLYPH_HEIGHT, (c + 1) * GLYPH_HEIGHT);
}
