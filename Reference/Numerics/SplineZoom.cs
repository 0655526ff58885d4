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
public static partial class SplineZoom
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
        var plan = new ZoomPlan(src, shape, zoom, order, mode, cval);
        var oshape = plan.OutShape.Select(d => (long)d).ToArray();
        if (input.DType == NpyDType.Float64) return NpyArray.FromDoubles(plan.Run(new DoubleStore(new double[plan.OutCount])).Values, oshape);
        var bytes = new byte[checked(plan.OutCount * 4)];
        plan.Run(new FloatStore(bytes));   // straight into the array's bytes: no float64 or float32 copy of the output
        return new NpyArray(NpyDType.Float32, oshape, bytes);
    }

    public static float[] Zoom(float[] input, int[] shape, IReadOnlyList<double> zoom, int order, ZoomMode mode = ZoomMode.Constant, double cval = 0.0)
    {
        var plan = new ZoomPlan(Array.ConvertAll(input, v => (double)v), shape, zoom, order, mode, cval);
        return plan.Run(new SingleStore(new float[plan.OutCount])).Values;
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
}
