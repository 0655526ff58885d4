using KerasVis.Conformance.IO;

namespace KerasVis.Reference.Numerics;

/// <summary>How <see cref="SplineZoom"/> evaluates: the per-axis plan and the stores its float64 accumulators go to.</summary>
public static partial class SplineZoom
{
    /// <summary>Where the accumulators go: SciPy's final store, a cast to the output dtype.</summary>
    internal interface IStore { void Set(long i, double t); }

    internal readonly record struct DoubleStore(double[] Values) : IStore
    {
        public void Set(long i, double t) => Values[i] = t;
    }

    internal readonly record struct SingleStore(float[] Values) : IStore
    {
        public void Set(long i, double t) => Values[i] = (float)t;
    }

    /// <summary>Float32 values written straight into an NPY array's little-endian bytes.</summary>
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
                throw new NotSupportedException("mode 'nearest' with order > 1 (SciPy pads the input by 12 edge samples before prefiltering) is not " +
                    "implemented");
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
}
