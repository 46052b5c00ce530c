import { qrStrokes, type QrMatrix } from "~/modules/tickets/qr-matrix";

/**
 * A ticket's QR code as SVG, drawn from its matrix on the server (it shows without JavaScript and prints as vector
 * graphics) and again in the browser when the page hydrates, identically.
 */
export function QrCode({ matrix, label }: { matrix: QrMatrix; label: string }) {
  const { side, strokes } = qrStrokes(matrix);
  return (
    <div role="img" aria-label={label}>
      <svg xmlns="http://www.w3.org/2000/svg" viewBox={`0 0 ${side} ${side}`} shapeRendering="crispEdges" aria-hidden="true">
        <path fill="#ffffff" d={`M0 0h${side}v${side}H0z`} />
        <path stroke="#000000" d={strokes} />
      </svg>
    </div>
  );
}
