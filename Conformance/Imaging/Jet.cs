using KerasVis.Conformance.IO;

namespace KerasVis.Conformance.Imaging;

/// <summary>
/// matplotlib 3.6.3's <c>cm.jet</c> as the labs use it: <c>np.uint8(cm.jet(x)[..., :3] * 255)</c>
/// (matplotlib/_cm.py _jet_data; colors.py _create_lookup_table, Colormap.__call__). Our own code, because the
/// picture must match matplotlib's bytes exactly:
/// <code>
///   LUT (256 rows, float64): per channel, segments (x, y0, y1) scaled to 0…255, linear inside each segment
///   index(x) = x·256 in x's own float type, truncated; x = 1.0 → 255; x &lt; 0 → row 0 (under); x &gt; 1 → row 255
///              (over); NaN → the "bad" colour (0, 0, 0, 0)
///   byte     = (uint8)(lut · 255)   truncation: 0.5·255 = 127.5 → 127
/// </code>
/// </summary>
public static class Jet
{
    static readonly (double X, double Y0, double Y1)[][] Segments =
    [
        [(0, 0, 0), (0.35, 0, 0), (0.66, 1, 1), (0.89, 1, 1), (1, 0.5, 0.5)],
        [(0, 0, 0), (0.125, 0, 0), (0.375, 1, 1), (0.64, 1, 1), (0.91, 0, 0), (1, 0, 0)],
        [(0, 0.5, 0.5), (0.11, 1, 1), (0.34, 1, 1), (0.65, 0, 0), (1, 0, 0)],
    ];

    /// <summary>The 256×3 float64 lookup table (matplotlib's <c>_lut[:256, :3]</c>).</summary>
    public static readonly double[,] Lut = BuildLut(256);

    /// <summary><c>np.uint8(lut · 255)</c> per row.</summary>
    public static readonly byte[,] LutBytes = ToBytes(Lut);

    static double[,] BuildLut(int n)
    {
        var lut = new double[n, 3];
        for (int ch = 0; ch < 3; ch++)
        {
            var seg = Segments[ch];
            var x = seg.Select(s => s.X * (n - 1)).ToArray();
            for (int i = 1; i < n - 1; i++)
            {
                double xind = (n - 1) * (i * (1.0 / (n - 1)));           // numpy.linspace(0, 1, n) · (n − 1)
                int k = Array.FindIndex(x, v => v >= xind);                // searchsorted 'left'
                double d = (xind - x[k - 1]) / (x[k] - x[k - 1]);
                lut[i, ch] = Math.Clamp(d * (seg[k].Y0 - seg[k - 1].Y1) + seg[k - 1].Y1, 0, 1);
            }
            lut[0, ch] = seg[0].Y1;
            lut[n - 1, ch] = seg[^1].Y0;
        }
        return lut;
    }

    static byte[,] ToBytes(double[,] lut)
    {
        var b = new byte[lut.GetLength(0), 3];
        for (int i = 0; i < lut.GetLength(0); i++)
            for (int c = 0; c < 3; c++) b[i, c] = (byte)(lut[i, c] * 255);
        return b;
    }

    /// <summary>The LUT row matplotlib picks for a float32 value; −1 for NaN (the bad colour).</summary>
    public static int Index(float x)
    {
        if (float.IsNaN(x)) return -1;
        float xa = x * 256f;                     // in float32, as matplotlib multiplies a float32 array in place
        if (xa < 0) return 0;
        if (xa >= 256f) return 255;              // 1.0 → 255, and over → the top row
        return (int)xa;
    }

    /// <summary><c>np.uint8(cm.jet(map)[..., :3] * 255)</c> for a float32 map of any shape → uint8 (…, 3).</summary>
    public static NpyArray Heatmap(NpyArray map)
    {
        var v = map.DType == NpyDType.Float32 ? map.AsFloats()
            : throw new ArgumentException($"the heatmap takes a float32 map, got {NpyDTypes.Descr(map.DType)}");
        var o = new byte[v.Length * 3];
        for (int i = 0; i < v.Length; i++)
        {
            int k = Index(v[i]);
            if (k < 0) continue;                  // NaN: (0, 0, 0)
            o[3 * i] = LutBytes[k, 0]; o[3 * i + 1] = LutBytes[k, 1]; o[3 * i + 2] = LutBytes[k, 2];
        }
        return NpyArray.FromBytes(o, map.Shape.Append(3L).ToArray());
    }

    /// <summary>The lab's overlay, as a per-pixel blend: <c>np.uint8(0.5·heatmap + 0.5·image)</c> in float64, truncated.
    /// (The lab draws <c>imshow(image); imshow(heatmap, alpha=0.5)</c>; matplotlib's Agg compositing at screen size is
    /// not reproducible bit for bit, so this is the portable definition of "blended at α = 0.5".)</summary>
    public static NpyArray Overlay(NpyArray heatmap, NpyArray image, double alpha = 0.5)
    {
        if (heatmap.DType != NpyDType.UInt8 || image.DType != NpyDType.UInt8 || !heatmap.Shape.SequenceEqual(image.Shape))
            throw new ArgumentException($"overlay needs two uint8 images of one shape, " +
                $"got {NpyDTypes.Descr(heatmap.DType)} {NpyArray.FormatShape(heatmap.Shape)} " +
                    $"and {NpyDTypes.Descr(image.DType)} {NpyArray.FormatShape(image.Shape)}");
        var o = new byte[heatmap.Data.Length];
        for (int i = 0; i < o.Length; i++) o[i] = (byte)(alpha * heatmap.Data[i] + (1 - alpha) * image.Data[i]);
        return NpyArray.FromBytes(o, heatmap.Shape);
    }
}
