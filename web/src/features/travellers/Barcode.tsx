// A Code 128 barcode drawn by bwip-js onto a canvas (canvas is allowed by the app's CSP; no
// data: URLs or inline scripts). The human-readable text is printed under the bars.
import { useEffect, useRef, useState } from 'react';
import { code128 } from 'bwip-js/browser';
import { t } from '../../i18n';

interface Props {
  text: string;
  height?: number;
  scale?: number;
}

export function Barcode({ text, height = 12, scale = 2 }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (!canvas.current) return;
    try {
      code128(canvas.current, { bcid: 'code128', text, scale, height, includetext: true, textxalign: 'center' });
      setFailed(false);
    } catch {
      setFailed(true);
    }
  }, [text, height, scale]);
  if (failed) return <span>{t.travellers.barcodeFailed(text)}</span>;
  return <canvas ref={canvas} role="img" aria-label={t.travellers.barcodeOf(text)} className="kerf-barcode" data-code={text} />;
}
