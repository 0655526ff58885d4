using KerasVis.Conformance.IO;
using KerasVis.Reference.IO;

namespace KerasVis.Reference.Numerics;

/// <summary>Boundary modes of <see cref="SplineZoom"/> (scipy.ndimage names).</summary>
public enum ZoomMode
{
    /// <summary><c>mode='constant'</c> (scipy's default): a source coordinate outside [0, n−1] yields <c>cval</c>.</summary>
    Constant,
    /// <summary><c>mode='nearest'</c>: the source coordinate is clamped to [0, n−1] (tf-keras-vis Score-CAM masks).</summary>
    Nearest,
}

/// <summary>
/// <c>scipy.ndimage.zoom(input, zoom, order, mode, cval, prefilter=True, grid_mode=False)</c> exactly as SciPy 1.10.1
/// computes it (scipy/ndimage/_interpolation.py :: zoom; src/ni_interpolation.c :: NI_ZoomShift, map_coordinate;
/// src/ni_splines.c). Our own code, because the labs' numbers depend on SciPy's exact arithmetic:
/// <list type="number">
/// <item>Output length per axis: <c>round(n · zoom)</c>, half to even (Python's <c>round</c>).</item>
/// <item>Corner-aligned coordinates: <c>z = (n−1)/(out−1)</c> (1 if out = 1), source <c>cc = k · z</c> in float64.</item>
/// <item>Constant mode: <c>cc &lt; 0</c> or <c>cc &gt; n−1</c> (exact compare) → <c>cval</c>. Because <c>(out−1)·z</c> can round
///   above <c>n−1</c>, the last row/column of some sizes becomes <c>cval</c> (e.g. 8 → 26). Nearest mode clamps instead.</item>
/// <item>Orders 2-3: a B-spline prefilter along every axis (axes in order, float64, mirror boundary even in
///   constant mode, lines of length 1 untouched).</item>
/// <item>Taps: order odd → <c>start = floor(cc) − order/2</c>, even → <c>floor(cc + 0.5) − order/2</c>; taps outside
///   [0, n−1] are mirrored (−1 → 1, n → n−2; n = 1 → 0).</item>
/// <item>Weights per axis from <c>x = cc − floor(cc)</c> (odd) or <c>cc − floor(cc + 0.5)</c> (even); the last weight is
///   <c>1 − Σ others</c>. Value = Σ over taps in row-major order of <c>c · w_axis0 · w_axis1 · …</c>, in float64,
///   stored in the input's dtype (float32 → one rounding at the end).</item>
/// </list>
/// </summary>
public static class SplineZoom
{
    /// <summary>SciPy's output shape: <c>int(round(n · zoom))</c> per axis, Python <c>round</c> (half to even).</summary>
    public static int[] OutputShape(IReadOnlyList<int> shape, IReadOnlyList<double> zoom)
    {
        if (shape.Count != zoom.Count)
            throw new ArgumentException($"zoom has {zoom.Count} factors for an input of rank {shape.Count}");
        var o = new int[shape.Count];
        for (int i = 0; i < o.Length; i++)
        {
            if (!(zoom[i] > 0) || double.IsInfinity(zoom[i])) throw new ArgumentException($"zoom factor {zoom[i]} on axis {i} must be positive and finite");
            o[i] = (int)Math.Round(shape[i] * zoom[i], MidpointRounding.ToEven);
        }
        return o;
    }

    /// <summary>Zooms a float32 or float64 array; the result has the input's dtype, as in SciPy.</summary>
    public static NpyArray Zoom(NpyArray input, IReadOnlyList<double> zoom, int order, ZoomMode mode = ZoomMode.Constant, double cval = 0.0)
    {
        var shape = input.Shape.Select(d => checked((int)d)).ToArray();
        double[] src = input.DType switch
        {
            NpyDType.Float32 => Array.ConvertAll(input.AsFloats(), v => (double)v),
            NpyDType.Float64 => input.AsDoubles(),
            _ => throw new ArgumentException($"zoom takes float32 or float64 input, got {NpyDTypes.Descr(input.DType)}"),
        };
        var outShape = OutputShape(shape, zoom);
        var t = ZoomToDouble(src, shape, zoom, order, mode, cval);
        var oshape = outShape.Select(d => (long)d).ToArray();
        return input.DType == NpyDType.Float32
            ? NpyArray.FromFloats(Array.ConvertAll(t, v => (float)v), oshape)
            : NpyArray.FromDoubles(t, oshape);
    }

    public static float[] Zoom(float[] input, int[] shape, IReadOnlyList<double> zoom, int order, ZoomMode mode = ZoomMode.Constant, double cval = 0.0) =>
        Array.ConvertAll(ZoomToDouble(Array.ConvertAll(input, v => (double)v), shape, zoom, order, mode, cval), v => (float)v);

    /// <summary>The float64 accumulators <c>t</c> before SciPy's final store (a cast to the output dtype).</summary>
    public static double[] ZoomToDouble(double[] input, int[] shape, IReadOnlyList<double> zoom, int order, ZoomMode mode = ZoomMode.Constant, double cval = 0.0)
    {
        if (order < 0 || order > 3) throw new ArgumentOutOfRangeException(nameof(order), order, "spline order must be 0, 1, 2 or 3");
        if (order > 1 && mode == ZoomMode.Nearest)
            throw new NotSupportedException("mode 'nearest' with order > 1 (SciPy pads the input by 12 edge samples before prefiltering) is not implemented");
        int rank = shape.Length;
        if (rank == 0) throw new ArgumentException("zoom needs an array of rank >= 1");
        long n = shape.Aggregate(1L, (a, b) => a * b);
        if (n != input.Length) throw new ArgumentException($"{input.Length} values for shape {NpyArray.FormatShape(shape.Select(d => (long)d).ToArray())}");
        if (shape.Any(d => d < 1)) throw new ArgumentException($"zoom of an empty array {NpyArray.FormatShape(shape.Select(d => (long)d).ToArray())}");
        var outShape = OutputShape(shape, zoom);

        var coeffs = order > 1 ? Prefilter(input, shape, order) : input;

        // per axis and output index: zero flag, tap source indices (mirrored), weights
        int taps = order + 1;
        var zero = new bool[rank][];
        var tapIndex = new int[rank][][];
        var weight = new double[rank][][];
        for (int ax = 0; ax < rank; ax++)
        {
            int len = shape[ax], outLen = outShape[ax];
            double z = outLen > 1 ? (double)(len - 1) / (outLen - 1) : 1.0;
            zero[ax] = new bool[outLen];
            tapIndex[ax] = new int[outLen][];
            weight[ax] = new double[outLen][];
            for (int k = 0; k < outLen; k++)
            {
                double cc = k * z;
                if (cc < 0 || cc > len - 1)
                {
                    if (mode == ZoomMode.Constant) { zero[ax][k] = true; continue; }
                    cc = cc < 0 ? 0 : len - 1;
                }
                long start = (order & 1) == 1 ? (long)Math.Floor(cc) - order / 2 : (long)Math.Floor(cc + 0.5) - order / 2;
                var idx = new int[taps];
                for (int h = 0; h < taps; h++) idx[h] = Mirror(start + h, len);
                tapIndex[ax][k] = idx;
                weight[ax][k] = Weights(cc, order);
            }
        }

        var strides = new long[rank];
        strides[rank - 1] = 1;
        for (int ax = rank - 2; ax >= 0; ax--) strides[ax] = strides[ax + 1] * shape[ax + 1];
        long outN = outShape.Aggregate(1L, (a, b) => a * b);
        var result = new double[outN];
        var pos = new int[rank];
        var ff = new int[rank];
        int filterSize = (int)Math.Pow(taps, rank);
        for (long o = 0; o < outN; o++)
        {
            bool isZero = false;
            for (int ax = 0; ax < rank; ax++) if (zero[ax][pos[ax]]) { isZero = true; break; }
            double t;
            if (isZero) t = cval;
            else
            {
                t = 0.0;
                Array.Clear(ff);
                for (int h = 0; h < filterSize; h++)
                {
                    long idx = 0;
                    for (int ax = 0; ax < rank; ax++) idx += tapIndex[ax][pos[ax]][ff[ax]] * strides[ax];
                    double coeff = coeffs[idx];
                    if (order > 0)
                        for (int ax = 0; ax < rank; ax++) coeff *= weight[ax][pos[ax]][ff[ax]];
                    t += coeff;
                    for (int ax = rank - 1; ax >= 0; ax--)   // next tap, last axis fastest
                    {
                        if (++ff[ax] < taps) break;
                        ff[ax] = 0;
                    }
                }
            }
            result[o] = t;
            for (int ax = rank - 1; ax >= 0; ax--)   // next output position, row-major
            {
                if (++pos[ax] < outShape[ax]) break;
                pos[ax] = 0;
            }
        }
        return result;
    }

    /// <summary>Whole-sample mirror of a tap index into [0, len−1] (ni_interpolation.c's edge offsets).</summary>
    static int Mirror(long idx, int len)
    {
        if (len <= 1) return 0;
        long s2 = 2L * len - 2;
        if (idx < 0)
        {
            idx = s2 * (-idx / s2) + idx;
            idx = idx <= 1 - len ? idx + s2 : -idx;
        }
        else if (idx >= len)
        {
            idx -= s2 * (idx / s2);
            if (idx >= len) idx = s2 - idx;
        }
        return (int)idx;
    }

    /// <summary>ni_splines.c :: get_spline_interpolation_weights, same operations in the same order.</summary>
    static double[] Weights(double x, int order)
    {
        var w = new double[order + 1];
        x -= Math.Floor((order & 1) == 1 ? x : x + 0.5);
        double y = x, z = 1.0 - x;
        switch (order)
        {
            case 0: w[0] = 1.0; return w;
            case 1: w[0] = 1.0 - x; break;
            case 2:
                w[1] = 0.75 - x * x;
                y = 0.5 - x;
                w[0] = 0.5 * y * y;
                break;
            case 3:
                w[1] = (y * y * (y - 2.0) * 3.0 + 4.0) / 6.0;
                w[2] = (z * z * (z - 2.0) * 3.0 + 4.0) / 6.0;
                w[0] = z * z * z / 6.0;
                break;
        }
        w[order] = 1.0;
        for (int i = 0; i < order; i++) w[order] -= w[i];
        return w;
    }

    /// <summary>Pole of the B-spline prefilter (ni_splines.c :: get_filter_poles): √8 − 3 (order 2), √3 − 2 (order 3).</summary>
    static double Pole(int order) => order == 2 ? -0.171572875253809902396622551580603843 : -0.267949192431122706472553658494127633;

    /// <summary><c>spline_filter(input, order, output=float64, mode)</c>: along axis 0, 1, … in turn, every line of
    /// length &gt; 1 gets the gain and one causal/anticausal recursion with mirror initialisation (ni_splines.c ::
    /// apply_filter, _init_causal_mirror, _init_anticausal_mirror), whatever the zoom mode (constant and nearest both
    /// map to mirror there; SciPy pads 'nearest' input by 12 edge samples first, which we do not implement).</summary>
    static double[] Prefilter(double[] input, int[] shape, int order)
    {
        var c = (double[])input.Clone();
        double zp = Pole(order);
        double gain = 1.0 * ((1.0 - zp) * (1.0 - 1.0 / zp));
        int rank = shape.Length;
        for (int ax = 0; ax < rank; ax++)
        {
            int len = shape[ax];
            if (len <= 1) continue;
            long stride = 1;
            for (int a = ax + 1; a < rank; a++) stride *= shape[a];
            long outer = c.Length / (stride * len);
            var line = new double[len];
            for (long o = 0; o < outer; o++)
                for (long s = 0; s < stride; s++)
                {
                    long b = o * stride * len + s;
                    for (int i = 0; i < len; i++) line[i] = c[b + i * stride] * gain;
                    FilterLine(line, zp);
                    for (int i = 0; i < len; i++) c[b + i * stride] = line[i];
                }
        }
        return c;
    }

    static void FilterLine(double[] c, double z)
    {
        int n = c.Length;
        // causal init (mirror)
        double zi = z, zn1 = Math.Pow(z, n - 1);
        c[0] = c[0] + zn1 * c[n - 1];
        for (int i = 1; i < n - 1; i++) { c[0] += zi * (c[i] + zn1 * c[n - 1 - i]); zi *= z; }
        c[0] /= 1 - zn1 * zn1;
        for (int i = 1; i < n; i++) c[i] += z * c[i - 1];
        // anticausal init (mirror)
        c[n - 1] = (z * c[n - 2] + c[n - 1]) * z / (z * z - 1);
        for (int i = n - 2; i >= 0; i--) c[i] = z * (c[i + 1] - c[i]);
    }
}
