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
        var bytes = new byte[checked(plan.OutCount * 4)];
        plan.Run(new FloatStore(bytes));
        return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes).ToArray();
    }

    /// <summary>The float64 accumulators <c>t</c> before SciPy's final store (a cast to the output dtype).</summary>
    public static double[] ZoomToDouble(double[] input, int[] shape, IReadOnlyList<double> zoom, int order, ZoomMode mode = ZoomMode.Constant, double cval = 0.0)
    {
        var plan = new ZoomPlan(input, shape, zoom, order, mode, cval);
        return plan.Run(new DoubleStore(new double[plan.OutCount])).Values;
    }

    /// <summary>Where the accumulators go: SciPy's final store, a cast to the output dtype.</summary>
    internal interface IStore { void Set(long i, double t); }

    internal readonly record struct DoubleStore(double[] Values) : IStore
    {
        public void Set(long i, double t) => Values[i] = t;
    }

    internal readonly record struct FloatStore(byte[] Bytes) : IStore
    {
        public void Set(long i, double t) => System.Runtime.CompilerServices.Unsafe.WriteUnaligned(ref Bytes[i * 4], (float)t);
    }

    /// <summary>One zoom, planned: per axis and output index the zero flag, the tap offsets (mirrored source index ×
    /// stride) and the tap weights, all computed once; <see cref="Run"/> then evaluates every output.</summary>
    internal sealed class ZoomPlan
    {
        readonly double[] coeffs;
        readonly int rank, taps, order;
        readonly double cval;
        readonly bool[][] zero;
        readonly long[][] offset;    // [axis][k · taps + h]
        readonly double[][] weight;  // [axis][k · taps + h]
        public int[] OutShape { get; }
        public long OutCount { get; }

        public ZoomPlan(double[] input, int[] shape, IReadOnlyList<double> zoom, int order, ZoomMode mode, double cval)
        {
            if (order < 0 || order > 3) throw new ArgumentOutOfRangeException(nameof(order), order, "spline order must be 0, 1, 2 or 3");
            if (order > 1 && mode == ZoomMode.Nearest)
                throw new NotSupportedException("mode 'nearest' with order > 1 (SciPy pads the input by 12 edge samples before prefiltering) is not implemented");
            rank = shape.Length;
            if (rank == 0) throw new ArgumentException("zoom needs an array of rank >= 1");
            long n = shape.Aggregate(1L, (a, b) => a * b);
            if (n != input.Length) throw new ArgumentException($"{input.Length} values for shape {NpyArray.FormatShape(shape.Select(d => (long)d).ToArray())}");
            if (shape.Any(d => d < 1)) throw new ArgumentException($"zoom of an empty array {NpyArray.FormatShape(shape.Select(d => (long)d).ToArray())}");
            OutShape = OutputShape(shape, zoom);
            OutCount = OutShape.Aggregate(1L, (a, b) => a * b);
            coeffs = order > 1 ? SplineFilter.Prefilter(input, shape, order) : input;
            (this.order, this.cval, taps) = (order, cval, order + 1);
            zero = new bool[rank][];
            offset = new long[rank][];
            weight = new double[rank][];
            long stride = 1;
            for (int ax = rank - 1; ax >= 0; ax--)
            {
                int len = shape[ax], outLen = OutShape[ax];
                double z = outLen > 1 ? (double)(len - 1) / (outLen - 1) : 1.0;
                (zero[ax], offset[ax], weight[ax]) = (new bool[outLen], new long[outLen * taps], new double[outLen * taps]);
                for (int k = 0; k < outLen; k++)
                {
                    double cc = k * z;
                    if (cc < 0 || cc > len - 1)
                    {
                        if (mode == ZoomMode.Constant) { zero[ax][k] = true; continue; }
                        cc = cc < 0 ? 0 : len - 1;
                    }
                    long start = (order & 1) == 1 ? (long)Math.Floor(cc) - order / 2 : (long)Math.Floor(cc + 0.5) - order / 2;
                    var w = Weights(cc, order);
                    for (int h = 0; h < taps; h++) (offset[ax][k * taps + h], weight[ax][k * taps + h]) = (Mirror(start + h, len) * stride, w[h]);
                }
                stride *= len;
            }
        }

        /// <summary>Every output: <c>t = Σ_taps c[idx] · w_0 · w_1 · …</c> over the taps in row-major order (last axis
        /// fastest), each product taken left to right as SciPy does — so nothing is factored out (a separable pass would round
        /// differently) and the sums are SciPy's bit for bit. Rows of the output (all axes but the last) run in parallel;
        /// each row's leading-axis tap offsets and weights are gathered once.</summary>
        public TStore Run<TStore>(TStore store) where TStore : IStore
        {
            int lead = rank - 1, outLast = OutShape[rank - 1];
            if (OutCount == 0) return store;
            long rows = OutCount / outLast;
            int prefixes = (int)Math.Pow(taps, lead);
            Parallel.For(0L, rows, () => (new long[prefixes], new double[prefixes * Math.Max(lead, 1)], new int[Math.Max(lead, 1)]), (r, _, scratch) =>
            {
                var (preOff, preW, pos) = scratch;
                long rest = r;
                bool rowZero = false;
                for (int ax = lead - 1; ax >= 0; ax--) { pos[ax] = (int)(rest % OutShape[ax]); rest /= OutShape[ax]; rowZero |= zero[ax][pos[ax]]; }
                if (!rowZero) Prefixes(pos, preOff, preW);
                var zl = zero[lead]; var ol = offset[lead]; var wl = weight[lead];
                long o0 = r * outLast;
                for (int k = 0; k < outLast; k++)
                {
                    if (rowZero || zl[k]) { store.Set(o0 + k, cval); continue; }
                    double t = 0.0;
                    for (int p = 0; p < prefixes; p++)
                        for (int h = 0; h < taps; h++)
                        {
                            double c = coeffs[preOff[p] + ol[k * taps + h]];
                            if (order > 0)
                            {
                                for (int ax = 0; ax < lead; ax++) c *= preW[p * lead + ax];
                                c *= wl[k * taps + h];
                            }
                            t += c;
                        }
                    store.Set(o0 + k, t);
                }
                return scratch;
            }, _ => { });
            return store;
        }

        /// <summary>For one output row: the leading axes' tap combinations in row-major order — summed offsets and the
        /// weights in axis order.</summary>
        void Prefixes(int[] pos, long[] preOff, double[] preW)
        {
            int lead = rank - 1;
            for (int p = 0; p < preOff.Length; p++)
            {
                long off = 0;
                for (int ax = lead - 1, q = p; ax >= 0; ax--, q /= taps)
                {
                    int h = q % taps;
                    off += offset[ax][pos[ax] * taps + h];
                    preW[p * lead + ax] = weight[ax][pos[ax] * taps + h];
                }
                preOff[p] = off;
            }
        }
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
