using System.Text;
using System.Text.RegularExpressions;

namespace KerasVis.Reference.Keras;

/// <summary>
/// The part of rich 13.3.1 (Debian bookworm's python3-rich) that Keras 3's <c>print_summary</c> uses:
/// <c>Table(*columns, width=L, show_lines=True)</c> with fixed-width columns, box HEAVY_HEAD, padding (0, 1),
/// overflow "ellipsis", no colours. Hand-written because the summary text must match rich byte for byte:
/// <list type="bullet">
/// <item>column widths: each fixed column asks for width + 2 (padding); the table has L − (columns + 1) cells of
/// room; the excess is taken back by <c>ratio_reduce</c> (rich/_ratio.py) with equal ratios, using Python's
/// round-half-even;</item>
/// <item>cell text: <c>divide_line</c> (rich/_wrap.py, 13.3.1: a word longer than the line stays on its line and the
/// next word starts a new one), <c>rstrip_end</c>, then left/right justification and truncation to
/// <c>text[:w−1] + "…"</c>.</item>
/// </list>
/// </summary>
public static class RichTable
{
    public enum Justify { Left, Right }

    public sealed record Column(string Header, int Width, Justify Justify);

    /// <summary>Final cell widths (padding included) for fixed-width columns in a table of total width <paramref name="tableWidth"/>.</summary>
    public static int[] ColumnWidths(IReadOnlyList<Column> columns, int tableWidth)
    {
        int available = tableWidth - (columns.Count + 1);
        var widths = columns.Select(c => c.Width + 2).ToArray();
        int total = widths.Sum();
        if (total > available)
        {
            // rich Table._calculate_column_widths: fixed columns cannot collapse, so "reduce columns evenly".
            widths = RatioReduce(total - available, Enumerable.Repeat(1, widths.Length).ToArray(), widths, widths);
        }
        return widths;
    }

    /// <summary>rich/_ratio.py ratio_reduce.</summary>
    public static int[] RatioReduce(int total, int[] ratios, int[] maximums, int[] values)
    {
        ratios = ratios.Zip(maximums, (r, m) => m != 0 ? r : 0).ToArray();
        int totalRatio = ratios.Sum();
        if (totalRatio == 0) return (int[])values.Clone();
        int remaining = total;
        var result = new int[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            if (ratios[i] != 0 && totalRatio > 0)
            {
                int distributed = Math.Min(maximums[i], (int)Math.Round((double)ratios[i] * remaining / totalRatio, MidpointRounding.ToEven));
                result[i] = values[i] - distributed;
                remaining -= distributed;
                totalRatio -= ratios[i];
            }
            else result[i] = values[i];
        }
        return result;
    }

    static readonly Regex Words = new(@"\s*\S+\s*");

    /// <summary>rich 13.3.1 _wrap.divide_line with fold=False: the offsets where lines break. Note the 13.3.1 quirk
    /// kept here: a word that does not fit but is not longer than the line only moves to a new line when the current
    /// line is non-empty (otherwise the position is left unchanged).</summary>
    public static List<int> DivideLine(string text, int width)
    {
        var breaks = new List<int>();
        int position = 0;
        foreach (Match m in Words.Matches(text))
        {
            int start = m.Index;
            string word = m.Value;
            int wordLength = word.TrimEnd().Length;
            if (position + wordLength > width)
            {
                if (wordLength > width)
                {
                    // too long for any line: it starts a line of its own (unless first) and is cut with "…" later
                    if (start > 0) breaks.Add(start);
                    position = word.Length;
                }
                else if (position > 0 && start > 0)
                {
                    breaks.Add(start);
                    position = word.Length;
                }
            }
            else position += word.Length;
        }
        return breaks;
    }

    /// <summary>The lines of one cell, each exactly <paramref name="width"/> characters (content, no padding).</summary>
    public static List<string> WrapCell(string text, int width, Justify justify)
    {
        var lines = new List<string>();
        foreach (var raw in text.Split('\n'))
        {
            var offsets = DivideLine(raw, width);
            int prev = 0;
            var pieces = new List<string>();
            foreach (var o in offsets) { pieces.Add(raw[prev..o]); prev = o; }
            pieces.Add(raw[prev..]);
            foreach (var p0 in pieces)
            {
                var p = RstripEnd(p0, width);
                if (justify == Justify.Left) p = Truncate(p, width).PadRight(width);
                else { p = Truncate(p.TrimEnd(), width); p = p.PadLeft(width); }
                lines.Add(p);
            }
        }
        return lines;
    }

    static string RstripEnd(string s, int size)
    {
        if (s.Length <= size) return s;
        int excess = s.Length - size;
        int ws = s.Length - s.TrimEnd().Length;
        return s[..(s.Length - Math.Min(ws, excess))];
    }

    static string Truncate(string s, int width) => s.Length > width ? s[..(width - 1)] + "…" : s;

    /// <summary>Renders the table: heavy head box, a rule between rows (show_lines), cells top-aligned.</summary>
    public static string Render(IReadOnlyList<Column> columns, IReadOnlyList<string[]> rows, int tableWidth)
    {
        var widths = ColumnWidths(columns, tableWidth);
        var sb = new StringBuilder();
        void Rule(char left, char fill, char cross, char right)
        {
            sb.Append(left);
            for (int c = 0; c < widths.Length; c++)
            {
                sb.Append(fill, widths[c]);
                sb.Append(c == widths.Length - 1 ? right : cross);
            }
            sb.Append('\n');
        }
        void Row(string[] cells, char edge)
        {
            var wrapped = cells.Select((t, c) => WrapCell(t, widths[c] - 2, columns[c].Justify)).ToList();
            int height = wrapped.Max(w => w.Count);
            for (int line = 0; line < height; line++)
            {
                sb.Append(edge);
                for (int c = 0; c < widths.Length; c++)
                {
                    var content = line < wrapped[c].Count ? wrapped[c][line] : new string(' ', widths[c] - 2);
                    sb.Append(' ').Append(content).Append(' ').Append(edge);
                }
                sb.Append('\n');
            }
        }
        Rule('┏', '━', '┳', '┓');
        Row(columns.Select(c => c.Header).ToArray(), '┃');
        Rule('┡', '━', '╇', '┩');
        for (int r = 0; r < rows.Count; r++)
        {
            if (r > 0) Rule('├', '─', '┼', '┤');
            Row(rows[r], '│');
        }
        Rule('└', '─', '┴', '┘');
        return sb.ToString();
    }
}
