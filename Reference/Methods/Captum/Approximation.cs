using static TorchSharp.torch;

namespace KerasVis.Reference.Methods.Captum;

/// <summary>captum's integral approximations (captum/attr/_utils/approximation_methods.py).</summary>
public enum IgMethod { Gausslegendre, RiemannLeft, RiemannRight, RiemannMiddle, RiemannTrapezoid }

/// <summary>
/// <c>approximation_parameters(method)</c>: the step sizes and alphas, as the Python floats captum builds:
/// <code>
///   gausslegendre:     x, w = leggauss(n);  alphas = (1 + x) / 2;  steps = w / 2          float64, n ≥ 1
///   riemann_trapezoid: alphas = linspace(0, 1, n);          steps = 1/n, the two end steps 1/(2n)
///   riemann_left:      alphas = linspace(0, 1 − 1/n, n);    steps = 1/n
///   riemann_middle:    alphas = linspace(1/(2n), 1 − 1/(2n), n)
///   riemann_right:     alphas = linspace(1/n, 1, n)                              n ≥ 2; torch.linspace in float32
/// </code>
/// The Gauss-Legendre nodes are our own Newton iteration on P_n (NumPy takes a companion matrix's eigenvalues and one
/// Newton step): both land within a few float64 ulps of the exact nodes.
/// </summary>
public static class Approximation
{
    public static (double[] StepSizes, double[] Alphas) Of(IgMethod method, int n)
    {
        if (n < 1 || (method != IgMethod.Gausslegendre && n < 2))
            throw new ArgumentOutOfRangeException(nameof(n), n,
                method == IgMethod.Gausslegendre ? "n_steps must be at least 1" : "the Riemann rules need n_steps ≥ 2");
        if (method == IgMethod.Gausslegendre)
        {
            var (x, w) = GaussLegendre(n);
            return (w.Select(v => 0.5 * v).ToArray(), x.Select(v => 0.5 * (1 + v)).ToArray());
        }
        var steps = Enumerable.Repeat(1.0 / n, n).ToArray();
        (double from, double to) = method switch
        {
            IgMethod.RiemannTrapezoid => (0.0, 1.0),
            IgMethod.RiemannLeft => (0.0, 1 - 1.0 / n),
            IgMethod.RiemannMiddle => (1.0 / (2 * n), 1 - 1.0 / (2 * n)),
            _ => (1.0 / n, 1.0),
        };
        if (method == IgMethod.RiemannTrapezoid) { steps[0] /= 2; steps[^1] /= 2; }
        using var a = linspace(from, to, n, dtype: ScalarType.Float32);   // float32, as torch.linspace(...).tolist()
        return (steps, a.data<float>().ToArray().Select(v => (double)v).ToArray());
    }

    /// <summary>The n Gauss-Legendre nodes on [−1, 1] (ascending) and weights.</summary>
    public static (double[] Nodes, double[] Weights) GaussLegendre(int n)
    {
        var x = new double[n];
        var w = new double[n];
        for (int i = 0; i < n; i++)
        {
            double z = -Math.Cos(Math.PI * (i + 0.75) / (n + 0.5)), dp = 0;
            for (int it = 0; it < 100; it++)
            {
                double p0 = 1, p1 = z;                                // P_0, P_1, then the three-term recurrence
                for (int k = 2; k <= n; k++) (p0, p1) = (p1, ((2 * k - 1) * z * p1 - (k - 1) * p0) / k);
                double pn = n == 1 ? z : p1, pm = n == 1 ? 1 : p0;
                dp = n * (z * pn - pm) / (z * z - 1);
                double step = pn / dp;
                z -= step;
                if (Math.Abs(step) < 1e-17) break;
            }
            x[i] = z;
            w[i] = 2 / ((1 - z * z) * dp * dp);
        }
        return (x, w);
    }
}
