namespace KerasVis.Reference.Numerics;

/// <summary>SciPy's B-spline prefilter for spline orders 2 and 3 (scipy.ndimage.spline_filter with output float64),
/// the same operations in the same order as ni_splines.c. Our own code: <see cref="SplineZoom"/> must reproduce SciPy's
/// arithmetic exactly.</summary>
static class SplineFilter
{
    /// <summary>Pole of the B-spline prefilter (ni_splines.c :: get_filter_poles): √8 − 3 (order 2), √3 − 2 (order 3).</summary>
    static double Pole(int order) => order == 2 ? -0.171572875253809902396622551580603843 : -0.267949192431122706472553658494127633;

    /// <summary><c>spline_filter(input, order, output=float64, mode)</c>: along axis 0, 1, … in turn, every line of
    /// length &gt; 1 gets the gain and one causal/anticausal recursion with mirror initialisation (ni_splines.c ::
    /// apply_filter, _init_causal_mirror, _init_anticausal_mirror), whatever the zoom mode (constant and nearest both
    /// map to mirror there; SciPy pads 'nearest' input by 12 edge samples first, which we do not implement).</summary>
    public static double[] Prefilter(double[] input, int[] shape, int order)
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
