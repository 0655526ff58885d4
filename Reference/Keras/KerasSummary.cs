using System.Numerics;
using System.Text;
using KerasVis.Reference.Models;

namespace KerasVis.Reference.Keras;

/// <summary>
/// Keras 3 <c>model.summary()</c> text (keras/src/utils/summary_utils.py :: print_summary, Keras ≥ 3.0.5):
/// <list type="bullet">
/// <item>title <c>Model: "name"</c>;</item>
/// <item>sequential-like models: columns Layer (type) | Output Shape | Param # at positions [0.45, 0.80, 1.0];
/// others (here: the two-output CAM model, printed with the column in the lab) add Connected to, positions
/// [0.3, 0.56, 0.74, 1.0];</item>
/// <item>line length L = min(line_length or (88 sequential-like | 108), terminal columns − 4): the cap binds an explicit
/// line_length too; without a terminal (notebooks, CI, pipes) shutil's fallback of 80 columns gives 76, the width of
/// the labs' printouts; column width = int(pos·L) − previous;</item>
/// <item>cells: <c>name (ClassName)</c>, <c>(None, 28, 28, 16)</c>, <c>f"{n:,}"</c>, <c>inbound[node][tensor]</c> or <c>-</c>;</item>
/// <item>footer lines, each with one leading space: Total / Trainable / Non-trainable params with
/// <c>readable_memory_size</c> of float32 bytes (÷1024 while ≥ 1, B KB MB GB TB PB, two decimals).</item>
/// </list>
/// Sequential models list no InputLayer row; Functional models do.
/// </summary>
public static class KerasSummary
{
    /// <summary><c>shutil.get_terminal_size()</c>'s fallback when there is no terminal and no COLUMNS.</summary>
    public const int NoTerminalColumns = 80;

    /// <summary>The table width Keras uses: <c>min(line_length or default, terminal columns − 4)</c>.</summary>
    public static int LineLength(ModelSpec m, int? lineLength, int terminalColumns = NoTerminalColumns) =>
        Math.Min(lineLength ?? (IsSequentialLike(m) ? 88 : 108), terminalColumns - 4);

    public static bool IsSequentialLike(ModelSpec m) => m.Outputs.Count == 1;

    public static string Render(ModelSpec m, int? lineLength = null, int terminalColumns = NoTerminalColumns)
    {
        bool seq = IsSequentialLike(m);
        int L = LineLength(m, lineLength, terminalColumns);
        double[] positions = seq ? [0.45, 0.80, 1.0] : [0.3, 0.56, 0.74, 1.0];
        string[] headers = seq ? ["Layer (type)", "Output Shape", "Param #"] : ["Layer (type)", "Output Shape", "Param #", "Connected to"];
        var justify = seq
            ? new[] { RichTable.Justify.Left, RichTable.Justify.Left, RichTable.Justify.Right }
            : new[] { RichTable.Justify.Left, RichTable.Justify.Left, RichTable.Justify.Right, RichTable.Justify.Left };
        var columns = new List<RichTable.Column>();
        int current = 0;
        for (int i = 0; i < positions.Length; i++)
        {
            int width = (int)(positions[i] * L) - current; // Python int() truncates the float product
            if (width < 4) throw new ArgumentException($"line length {L} is too narrow for a summary (column {i} would be {width} wide)");
            columns.Add(new RichTable.Column(headers[i], width, justify[i]));
            current += width;
        }
        var rows = new List<string[]>();
        foreach (var r in m.Rows)
        {
            if (m.Kind == ModelKind.Sequential && r.Layer is InputSpec) continue;
            var cells = new List<string> { $"{r.Layer.Name} ({r.Layer.TypeName})", FormatShape(r.OutputShape), Thousands(r.Params) };
            if (!seq) cells.Add(r.Inbound is null ? "-" : $"{r.Inbound}[0][0]");
            rows.Add(cells.ToArray());
        }
        var sb = new StringBuilder();
        sb.Append($"Model: \"{m.Name}\"\n");
        sb.Append(RichTable.Render(columns, rows, L));
        foreach (var line in TotalsLines(m)) sb.Append(line).Append('\n');
        return sb.ToString();
    }

    public static IEnumerable<string> TotalsLines(ModelSpec m)
    {
        yield return $" Total params: {Thousands(m.TotalParams)} ({ReadableMemorySize(m.TotalParams * 4)})";
        yield return $" Trainable params: {Thousands(m.TrainableParams)} ({ReadableMemorySize(m.TrainableParams * 4)})";
        yield return $" Non-trainable params: {Thousands(m.NonTrainableParams)} ({ReadableMemorySize(m.NonTrainableParams * 4)})";
    }

    public static string FormatShape(int[] shape) => "(None, " + string.Join(", ", shape) + ")";

    public static string Thousands(long n) => n.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Keras <c>readable_memory_size</c>: divide by 1024 while the quotient is ≥ 1, then <c>"{:.2f} {unit}"</c>.
    /// The quotient bytes/1024^k is exact in binary floating point, so the two decimals are computed exactly here with
    /// Python's round-half-even (.NET's "F2" rounds exact ties away from zero, which would differ at e.g. 1.125).</summary>
    public static string ReadableMemorySize(long bytes)
    {
        string[] units = ["B", "KB", "MB", "GB", "TB", "PB"];
        BigInteger den = 1;
        int u = 0;
        while (u < units.Length - 1 && bytes >= den * 1024) { den *= 1024; u++; }
        BigInteger num = (BigInteger)bytes * 100;
        var q = BigInteger.DivRem(num, den, out var rem);
        var twice = rem * 2;
        if (twice > den || (twice == den && !q.IsEven)) q += 1;
        return $"{q / 100}.{(int)(q % 100):00} {units[u]}";
    }
}
