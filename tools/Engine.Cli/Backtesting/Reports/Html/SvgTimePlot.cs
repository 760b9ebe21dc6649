using System.Globalization;
using System.Text;

namespace Engine.Cli.Backtesting.Reports.Html;

/// <summary>
/// One time-series panel as inline SVG: a UTC time axis, a value axis with round ticks, and lines, steps, areas and
/// markers on it. Values are drawn as <c>double</c> (pixels need no more); series longer than the panel is wide are
/// decimated (<see cref="Decimation"/>). The output depends only on the input: the same series give the same bytes.
/// Every drawn series carries the class <c>series</c>, which the report's render check and the tests look for.
/// </summary>
public sealed class SvgTimePlot
{
    private const int Width = 960;
    private const int Left = 78;
    private const int Right = 16;
    private const int Top = 12;
    private const int Bottom = 26;
    private const int MaxBuckets = 600;

    private readonly long _from;
    private readonly long _to;
    private readonly int _height;
    private readonly string _label;
    private double _min = double.PositiveInfinity;
    private double _max = double.NegativeInfinity;
    private readonly List<Action<StringBuilder>> _draw = [];

    public SvgTimePlot(long from, long to, string label, int height = 240)
    {
        _from = from;
        _to = Math.Max(to, from + 1);
        _label = label;
        _height = height;
    }

    /// <summary>Includes a value in the value axis's range (e.g. 0 for a drawdown).</summary>
    public SvgTimePlot Include(double value)
    {
        _min = Math.Min(_min, value);
        _max = Math.Max(_max, value);
        return this;
    }

    public SvgTimePlot Line(IReadOnlyList<ChartPoint> series, string cssClass, bool step = false, string? name = null)
    {
        IReadOnlyList<ChartPoint> points = Decimation.MinMax(series, MaxBuckets);
        Extend(points);
        _draw.Add(svg => svg.Append("<path class=\"series ").Append(cssClass).Append("\" fill=\"none\" d=\"").Append(PathOf(points, step)).Append("\">")
            .Append(Title(name)).Append("</path>"));
        return this;
    }

    /// <summary>The area between the series and zero.</summary>
    public SvgTimePlot Area(IReadOnlyList<ChartPoint> series, string cssClass, string? name = null)
    {
        IReadOnlyList<ChartPoint> points = Decimation.MinMax(series, MaxBuckets);
        Extend(points);
        Include(0);
        _draw.Add(svg =>
        {
            if (points.Count == 0)
            {
                return;
            }

            string zero = Y(0);
            svg.Append("<path class=\"series ").Append(cssClass).Append("\" d=\"M").Append(X(points[0].TimeNanos)).Append(',').Append(zero)
                .Append(' ').Append(PathOf(points, step: false).TrimStart('M')).Append(" L").Append(X(points[^1].TimeNanos)).Append(',').Append(zero)
                .Append(" Z\">").Append(Title(name)).Append("</path>");
        });
        return this;
    }

    /// <summary>Triangles at (time, value): up for buys, down for sells, each with a tooltip.</summary>
    public SvgTimePlot Markers(IReadOnlyList<(long TimeNanos, double Value, bool Up, string Tooltip)> markers)
    {
        foreach ((long _, double value, bool _, string _) in markers)
        {
            Include(value);
        }

        _draw.Add(svg =>
        {
            svg.Append("<g class=\"series markers\">");
            foreach ((long time, double value, bool up, string tooltip) in markers)
            {
                double x = XValue(time);
                double y = YValue(value);
                string points = up
                    ? Format(x) + "," + Format(y - 5) + " " + Format(x - 5) + "," + Format(y + 4) + " " + Format(x + 5) + "," + Format(y + 4)
                    : Format(x) + "," + Format(y + 5) + " " + Format(x - 5) + "," + Format(y - 4) + " " + Format(x + 5) + "," + Format(y - 4);
                svg.Append("<polygon class=\"").Append(up ? "buy" : "sell").Append("\" points=\"").Append(points).Append("\"><title>")
                    .Append(Escape(tooltip)).Append("</title></polygon>");
            }

            svg.Append("</g>");
        });
        return this;
    }

    public string Render()
    {
        if (double.IsInfinity(_min))
        {
            _min = 0;
            _max = 1;
        }

        if (_max - _min < Math.Abs(_max) * 1e-12 || _max == _min)
        {
            double pad = _max == 0 ? 1 : Math.Abs(_max) * 0.01;
            _min -= pad;
            _max += pad;
        }

        var svg = new StringBuilder();
        svg.Append("<svg class=\"plot\" viewBox=\"0 0 ").Append(Width).Append(' ').Append(_height).Append("\" role=\"img\" aria-label=\"")
            .Append(Escape(_label)).Append("\">");
        AppendAxes(svg);
        foreach (Action<StringBuilder> draw in _draw)
        {
            draw(svg);
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    private void AppendAxes(StringBuilder svg)
    {
        IReadOnlyList<double> values = AxisTicks.Values(_min, _max);
        double step = values.Count > 1 ? values[1] - values[0] : 0;
        svg.Append("<g class=\"axis\">");
        foreach (double value in values)
        {
            string y = Y(value);
            svg.Append("<line class=\"grid\" x1=\"").Append(Left).Append("\" x2=\"").Append(Width - Right).Append("\" y1=\"").Append(y).Append("\" y2=\"").Append(y).Append("\"/>")
                .Append("<text x=\"").Append(Left - 6).Append("\" y=\"").Append(y).Append("\" text-anchor=\"end\" dominant-baseline=\"middle\">")
                .Append(AxisTicks.ValueLabel(value, step)).Append("</text>");
        }

        foreach (long time in AxisTicks.Times(_from, _to))
        {
            string x = X(time);
            svg.Append("<line class=\"grid\" y1=\"").Append(Top).Append("\" y2=\"").Append(_height - Bottom).Append("\" x1=\"").Append(x).Append("\" x2=\"").Append(x).Append("\"/>")
                .Append("<text x=\"").Append(x).Append("\" y=\"").Append(_height - 8).Append("\" text-anchor=\"middle\">")
                .Append(AxisTicks.TimeLabel(time, _to - _from)).Append("</text>");
        }

        svg.Append("<rect class=\"frame\" x=\"").Append(Left).Append("\" y=\"").Append(Top).Append("\" width=\"").Append(Width - Left - Right)
            .Append("\" height=\"").Append(_height - Top - Bottom).Append("\"/></g>");
    }

    private void Extend(IReadOnlyList<ChartPoint> points)
    {
        foreach (ChartPoint point in points)
        {
            if (double.IsFinite(point.Value))
            {
                Include(point.Value);
            }
        }
    }

    private string PathOf(IReadOnlyList<ChartPoint> points, bool step)
    {
        var path = new StringBuilder();
        string? previousY = null;
        foreach (ChartPoint point in points)
        {
            string x = X(point.TimeNanos);
            string y = Y(point.Value);
            if (previousY is null)
            {
                path.Append('M').Append(x).Append(',').Append(y);
            }
            else if (step)
            {
                path.Append(" L").Append(x).Append(',').Append(previousY).Append(" L").Append(x).Append(',').Append(y);
            }
            else
            {
                path.Append(" L").Append(x).Append(',').Append(y);
            }

            previousY = y;
        }

        return path.ToString();
    }

    private double XValue(long time) => Left + ((double)(time - _from) / (_to - _from) * (Width - Left - Right));

    private double YValue(double value) => Top + ((_max - value) / (_max - _min) * (_height - Top - Bottom));

    private string X(long time) => Format(XValue(time));

    private string Y(double value) => Format(YValue(value));

    internal static string Format(double pixel) => pixel.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Title(string? name) => name is null ? "" : "<title>" + Escape(name) + "</title>";

    internal static string Escape(string text) => System.Net.WebUtility.HtmlEncode(text);
}
