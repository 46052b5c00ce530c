import { useLanguage } from "~/modules/i18n/hooks";

/**
 * Registrations over time as a bar chart drawn on the server (SVG, no chart library, works without
 * JavaScript). The bars are the running total per day; a table with the same numbers follows for
 * screen readers and for reading exact values.
 */
export function RegistrationsChart({ days, title }: { days: { day: string; count: number; total: number }[]; title: string }) {
  const language = useLanguage();
  const width = 720;
  const height = 220;
  const padding = { left: 44, right: 8, top: 10, bottom: 28 };
  const max = Math.max(1, ...days.map((day) => day.total));
  const barWidth = (width - padding.left - padding.right) / Math.max(1, days.length);
  const y = (value: number) => padding.top + (height - padding.top - padding.bottom) * (1 - value / max);
  const label = (iso: string) =>
    new Intl.DateTimeFormat(language === "de" ? "de-DE" : "en-GB", { day: "numeric", month: "numeric", timeZone: "UTC" }).format(new Date(`${iso}T00:00:00Z`));
  const labelEvery = Math.max(1, Math.ceil(days.length / 10));
  return (
    <svg className="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title}>
      <line x1={padding.left} x2={width - padding.right} y1={y(0)} y2={y(0)} stroke="#4a5560" />
      {[0, 0.5, 1].map((share) => (
        <text key={share} x={padding.left - 6} y={y(max * share) + 4} textAnchor="end">
          {Math.round(max * share)}
        </text>
      ))}
      {days.map((day, index) => (
        <g key={day.day}>
          <rect x={padding.left + index * barWidth + 1} y={y(day.total)} width={Math.max(1, barWidth - 2)} height={y(0) - y(day.total)} fill="#0b4f6c" />
          {index % labelEvery === 0 ? (
            <text x={padding.left + index * barWidth + barWidth / 2} y={height - 10} textAnchor="middle">
              {label(day.day)}
            </text>
          ) : null}
        </g>
      ))}
    </svg>
  );
}
