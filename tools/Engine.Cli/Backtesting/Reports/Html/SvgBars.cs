using System.Text;

namespace Engine.Cli.Backtesting.Reports.Html;

/// <summary>
/// A vertical bar chart as inline SVG: one labelled bar per category from a zero baseline (negative values below it,
/// drawn with the class <c>negative</c>), with a value axis of round ticks. Used for P&amp;L by instrument and the
/// fill latency histogram. Deterministic output.
/// </summary>
public static class SvgBars
{
    private const int Width = 960;
    private const int Height = 240;
    private const int Left = 78;
    private const int Right = 16;
    private const int Top = 12;
    private const int Bottom = 40;

    public static string Render(IReadOnlyList<(string Label, double Value, string Tooltip)> bars, string label)
    {
        ArgumentNullException.ThrowIfNull(bars);
        double min = Math.Min(0, bars.Count == 0 ? 0 : bars.Min(b => b.Value));
        double max = Math.Max(0, bars.Count == 0 ? 1 : bars.Max(b => b.Value));
        if (max == min)
        {
            max = min + 1;
        }

        double Y(double value) => Top + ((max - value) / (max - min) * (Height - Top - Bottom));
        var svg = new StringBuilder();
        svg.Append("<svg class=\"plot\" viewBox=\"0 0 ").Append(Width).Append(' ').Append(Height).Append("\" role=\"img\" aria-label=\"")
            .Append(SvgTimePlot.Escape(label)).Append("\"><g class=\"axis\">");
        IReadOnlyList<double> ticks = AxisTicks.Values(min, max);
        double step = ticks.Count > 1 ? ticks[1] - ticks[0] : 0;
        foreach (double tick in ticks)
        {
            string y = SvgTimePlot.Format(Y(tick));
            svg.Append("<line class=\"grid\" x1=\"").Append(Left).Append("\" x2=\"").Append(Width - Right).Append("\" y1=\"").Append(y).Append("\" y2=\"").Append(y).Append("\"/>")
                .Append("<text x=\"").Append(Left - 6).Append("\" y=\"").Append(y).Append("\" text-anchor=\"end\" dominant-baseline=\"middle\">")
                .Append(AxisTicks.ValueLabel(tick, step)).Append("</text>");
        }

        svg.Append("</g><g class=\"series bars\">");
        double slot = (double)(Width - Left - Right) / Math.Max(1, bars.Count);
        double zero = Y(0);
        for (int i = 0; i < bars.Count; i++)
        {
            (string name, double value, string tooltip) = bars[i];
            double x = Left + (i * slot) + (slot * 0.15);
            double top = Math.Min(Y(value), zero);
            double height = Math.Max(Math.Abs(Y(value) - zero), value == 0 ? 0 : 1);
            svg.Append("<rect class=\"").Append(value < 0 ? "negative" : "positive").Append("\" x=\"").Append(SvgTimePlot.Format(x)).Append("\" y=\"").Append(SvgTimePlot.Format(top))
                .Append("\" width=\"").Append(SvgTimePlot.Format(slot * 0.7)).Append("\" height=\"").Append(SvgTimePlot.Format(height)).Append("\"><title>")
                .Append(SvgTimePlot.Escape(tooltip)).Append("</title></rect>")
                .Append("<text class=\"bar-label\" x=\"").Append(SvgTimePlot.Format(x + (slot * 0.35))).Append("\" y=\"").Append(Height - 22).Append("\" text-anchor=\"middle\">")
                .Append(SvgTimePlot.Escape(name)).Append("</text>");
        }

        svg.Append("<line class=\"zero\" x1=\"").Append(Left).Append("\" x2=\"").Append(Width - Right).Append("\" y1=\"").Append(SvgTimePlot.Format(zero)).Append("\" y2=\"")
            .Append(SvgTimePlot.Format(zero)).Append("\"/></g></svg>");
        return svg.ToString();
    }
}
