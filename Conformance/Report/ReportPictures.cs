using KerasVis.Conformance.Imaging;
using KerasVis.Conformance.IO;

namespace KerasVis.Conformance.Report;

/// <summary>
/// The report's pictures of one output: golden, candidate and |candidate − golden|, each as a jet PNG.
/// An output is image-like when it is (N, H, W, C ≤ 4) or (N, C ≤ 4, H, W) — sample 0, channel mean — or, after
/// dropping leading axes of length 1, (H, W), (H, W, C ≤ 4) — channel mean; uint8 RGB drawn as itself — or (N, H, W) —
/// sample 0; always with H, W ≥ 7. Golden and candidate share one colour scale, the golden's finite min…max, so a
/// shift shows; the difference is scaled 0…its own maximum (stated in the caption). NaN is drawn black.
/// </summary>
public static class ReportPictures
{
    public sealed record Plane(float[] Values, int Height, int Width, bool Rgb);

    public static Plane? Extract(NpyArray a)
    {
        if (a.DType is not (NpyDType.Float32 or NpyDType.Float64 or NpyDType.UInt8)) return null;
        // a 4-D array keeps its batch axis (so (1, 3, H, W) reads as N, C, H, W); others lose leading axes of length 1
        var shape = a.Shape.Length == 4 ? a.Shape : a.Shape.SkipWhile(d => d == 1).ToArray();
        // the layout: (H, W) | (H, W, C) | (N, H, W) | (N, H, W, C) | (N, C, H, W); a 3-D (C, H, W) reads as (N, H, W)
        int h, w, c; bool channelsFirst;
        switch (shape.Length)
        {
            case 2: (h, w, c, channelsFirst) = ((int)shape[0], (int)shape[1], 1, false); break;
            case 3 when shape[2] <= 4 && shape[0] >= 7: (h, w, c, channelsFirst) = ((int)shape[0], (int)shape[1], (int)shape[2], false); break;
            case 3: (h, w, c, channelsFirst) = ((int)shape[1], (int)shape[2], 1, false); break; // (N, H, W): sample 0
            case 4 when shape[3] <= 4: (h, w, c, channelsFirst) = ((int)shape[1], (int)shape[2], (int)shape[3], false); break;
            case 4 when shape[1] <= 4: (h, w, c, channelsFirst) = ((int)shape[2], (int)shape[3], (int)shape[1], true); break;
            default: return null;
        }
        if (h < 7 || w < 7) return null;
        var v = new float[h * w];
        bool rgb = a.DType == NpyDType.UInt8 && c == 3 && !channelsFirst;
        if (rgb)
        {
            var rgbValues = new float[h * w * 3];
            for (int i = 0; i < rgbValues.Length; i++) rgbValues[i] = a.Data[i];          // sample 0 starts the buffer
            return new Plane(rgbValues, h, w, true);
        }
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                double s = 0;
                for (int k = 0; k < c; k++)
                    s += a.GetDouble((channelsFirst ? ((long)k * h + y) * w + x : ((long)y * w + x) * c + k));
                v[y * w + x] = (float)(s / c);
            }
        return new Plane(v, h, w, false);
    }

    /// <summary>Writes golden.png, candidate.png (when the shapes agree) and diff.png for one output; returns the three
    /// file names (relative to <paramref name="dir"/>) or null when the output is not image-like, and the largest
    /// difference drawn.</summary>
    public static (string Golden, string? Candidate, string? Diff, double MaxDiff, double Lo, double Hi, bool Rgb)? Write(string dir, string stem,
        NpyArray golden, NpyArray? candidate)
    {
        var g = Extract(golden);
        if (g is null) return null;
        Directory.CreateDirectory(dir);
        var gName = $"{stem}-golden.png";
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (var x in g.Values) if (float.IsFinite(x)) { lo = Math.Min(lo, x); hi = Math.Max(hi, x); }
        Save(Path.Combine(dir, gName), g, lo, hi);
        var cand = candidate is not null && candidate.Shape.SequenceEqual(golden.Shape) ? Extract(candidate) : null;
        if (cand is null) return (gName, null, null, double.NaN, lo, hi, g.Rgb);
        var cName = $"{stem}-candidate.png";
        Save(Path.Combine(dir, cName), cand, lo, hi);
        var d = new float[g.Values.Length];
        double maxDiff = 0;
        for (int i = 0; i < d.Length; i++)
        {
            d[i] = Math.Abs(cand.Values[i] - g.Values[i]);
            if (float.IsFinite(d[i])) maxDiff = Math.Max(maxDiff, d[i]);
        }
        var diffPlane = g.Rgb ? new Plane(MaxOverRgb(d), g.Height, g.Width, false) : new Plane(d, g.Height, g.Width, false);
        var dName = $"{stem}-diff.png";
        Save(Path.Combine(dir, dName), diffPlane, 0, maxDiff);
        return (gName, cName, dName, maxDiff, lo, hi, g.Rgb);
    }

    static float[] MaxOverRgb(float[] d)
    {
        var o = new float[d.Length / 3];
        for (int i = 0; i < o.Length; i++) o[i] = Math.Max(d[3 * i], Math.Max(d[3 * i + 1], d[3 * i + 2]));
        return o;
    }

    /// <summary>Jet (or the RGB itself), scaled to [lo, hi], enlarged by an integer factor to at least 112 px wide.</summary>
    static void Save(string path, Plane p, double lo, double hi)
    {
        NpyArray rgb;
        if (p.Rgb) rgb = NpyArray.FromBytes(p.Values.Select(v => (byte)Math.Clamp(v, 0, 255)).ToArray(), p.Height, p.Width, 3);
        else
        {
            double span = hi > lo ? hi - lo : 1;
            var scaled = p.Values.Select(v => float.IsNaN(v) ? float.NaN : (float)Math.Clamp((v - lo) / span, 0, 1)).ToArray();
            rgb = Jet.Heatmap(NpyArray.FromFloats(scaled, p.Height, p.Width));
        }
        int f = Math.Max(1, (int)Math.Ceiling(112.0 / p.Width));
        Png.Write(path, f == 1 ? rgb : Enlarge(rgb, f));
    }

    static NpyArray Enlarge(NpyArray rgb, int f)
    {
        int h = (int)rgb.Shape[0], w = (int)rgb.Shape[1];
        var o = new byte[h * f * w * f * 3];
        for (int y = 0; y < h * f; y++)
            for (int x = 0; x < w * f; x++)
                Buffer.BlockCopy(rgb.Data, ((y / f) * w + x / f) * 3, o, (y * w * f + x) * 3, 3);
        return NpyArray.FromBytes(o, h * f, w * f, 3);
    }
}
