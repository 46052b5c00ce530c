/**
 * A QR code's modules as a page carries them in its data: the side in modules and the dark modules as bits, row by
 * row, in base64 (about 400 characters for a signed ticket, whose SVG is 4.4 KB). The server draws the page's SVG
 * from it and the browser draws the same SVG when it hydrates, so the drawing is not sent twice.
 */
export type QrMatrix = { size: number; dark: string };

/** Light modules around the code, as the standard asks for (a quiet zone of at least 2 is read by phones). */
export const QR_MARGIN = 2;

/** Packs a row-major list of modules (non-zero: dark) into a matrix. */
export function packQrMatrix(size: number, isDark: (index: number) => boolean): QrMatrix {
  let bits = "";
  let byte = 0;
  for (let index = 0; index < size * size; index++) {
    if (isDark(index)) byte |= 0x80 >> (index % 8);
    if (index % 8 === 7 || index === size * size - 1) {
      bits += String.fromCharCode(byte);
      byte = 0;
    }
  }
  return { size, dark: btoa(bits) };
}

/**
 * The SVG's dimensions and its strokes: each row's runs of dark modules as one horizontal stroke half a module
 * below the row's top (`M x y.5 hN`), as qrcode's own SVG renderer draws them.
 */
export function qrStrokes({ size, dark }: QrMatrix): { side: number; strokes: string } {
  const bits = atob(dark);
  const isDark = (row: number, column: number) => {
    const index = row * size + column;
    return (bits.charCodeAt(index >> 3) & (0x80 >> (index & 7))) !== 0;
  };
  let strokes = "";
  for (let row = 0; row < size; row++) {
    let column = 0;
    while (column < size) {
      if (!isDark(row, column)) {
        column++;
        continue;
      }
      const start = column;
      while (column < size && isDark(row, column)) column++;
      strokes += `M${start + QR_MARGIN} ${row + QR_MARGIN + 0.5}h${column - start}`;
    }
  }
  return { side: size + 2 * QR_MARGIN, strokes };
}
