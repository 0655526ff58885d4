namespace KerasVis.Reference.Imaging;

/// <summary>
/// OpenCV's <c>COLORMAP_JET</c> lookup table (modules/imgproc/src/colormap.cpp, class Jet; OpenCV 4.6), rebuilt the way
/// OpenCV builds it, because every slope entry of the table is an exact .5 tie before rounding and only OpenCV's own
/// float32 steps decide it:
/// <code>
///   base_c(i)  = (float) clip(min(4x − a_c, b_c − 4x), 0, 1),  x = i / 255      r: a 1.5, b 4.5 · g: 0.5, 3.5 · b: −0.5, 2.5
///   X = XI     = linspace(0, 1, 256) in float32 (x0 + i·step, step = (x1 − x0)/(n − 1))
///   lut_c(i)   = interp1(X, base_c, XI): Y[lo] + (XI − X[lo])·(Y[hi] − Y[lo]) / (X[hi] − X[lo]), float32, binary search
///   uint8      = round-half-to-even((float) lut · 255f)                         convertTo(CV_8U, 255) in float32
/// </code>
/// (the base values are GNU Octave's jet(256), which OpenCV stores as float literals). Matches cv2.applyColorMap for all
/// 256 entries (the golden case pgc_show_cam/ramp_* pins every one). Our own code: no library here carries the table.
/// </summary>
public static class OpenCvJet
{
    static readonly Lazy<byte[]> Bgr = new(Build);

    /// <summary>The BGR colour of grey level <paramref name="v"/>.</summary>
    public static (byte B, byte G, byte R) Of(byte v)
    {
        var t = Bgr.Value;
        return (t[3 * v], t[3 * v + 1], t[3 * v + 2]);
    }

    static byte[] Build()
    {
        var x = Linspace(256);
        var table = new byte[256 * 3];
        (double A, double B)[] channel = [(-0.5, 2.5), (0.5, 3.5), (1.5, 4.5)];   // b, g, r (OpenCV's plane order)
        for (int c = 0; c < 3; c++)
        {
            var y = new float[256];
            for (int i = 0; i < 256; i++)
            {
                double xi = i / 255.0;
                y[i] = (float)Math.Clamp(Math.Min(4 * xi - channel[c].A, channel[c].B - 4 * xi), 0, 1);
            }
            for (int i = 0; i < 256; i++)
            {
                float v = Interp(x, y, x[i]) * 255f;
                table[3 * i + c] = (byte)Math.Clamp(MathF.Round(v, MidpointRounding.ToEven), 0, 255);
            }
        }
        return table;
    }

    static float[] Linspace(int n)
    {
        float step = (1f - 0f) / (n - 1);
        var p = new float[n];
        for (int i = 0; i < n; i++) p[i] = 0f + i * step;
        return p;
    }

    /// <summary>OpenCV's interp1_&lt;float&gt; for one point (X sorted ascending).</summary>
    static float Interp(float[] x, float[] y, float xi)
    {
        int low = 0, high = x.Length - 1;
        if (xi < x[low]) high = 1;
        if (xi > x[high]) low = high - 1;
        while (high - low > 1)
        {
            int c = low + ((high - low) >> 1);
            if (xi > x[c]) low = c;
            else high = c;
        }
        float num = (xi - x[low]) * (y[high] - y[low]);
        return y[low] + num / (x[high] - x[low]);
    }
}
