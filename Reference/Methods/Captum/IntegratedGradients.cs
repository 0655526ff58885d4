using KerasVis.Conformance.IO;
using KerasVis.Conformance.Methods;
using KerasVis.Reference.IO;
using KerasVis.Reference.Models;
using static TorchSharp.torch;

namespace KerasVis.Reference.Methods.Captum;

/// <summary>Every step of one IntegratedGradients.attribute call with return_convergence_delta=True.</summary>
public sealed record IntegratedGradientsSteps(
    [Output("float64", "(n_steps,)", "the path points α_k (float32 torch.linspace values for the Riemann rules)")] NpyArray Alphas,
    [Output("float64", "(n_steps,)", "the quadrature weights w_k")] NpyArray StepSizes,
    [Output("float32", "x's shape", "Σ_k w_k · ∇F(b + α_k (x − b))")] NpyArray TotalGrads,
    [Output("float32", "x's shape", "total_grads · (x − b)")] NpyArray Attributions,
    [Output("float32", "(N,)", "F(x)[target]")] NpyArray EndScores,
    [Output("float32", "(N,)", "F(b)[target]")] NpyArray StartScores,
    [Output("float32", "(N,)", "the convergence delta: Σ attributions − (F(x) − F(b)), per input")] NpyArray Delta);

/// <summary>
/// captum 0.8.0 <c>IntegratedGradients.attribute</c> (captum/attr/_core/integrated_gradients.py, multiply_by_inputs=True,
/// all steps in one batch):
/// <code>
///   w, α     = approximation_parameters(method)(n_steps)                    (Approximation)
///   scaled   = cat_k [ b + α_k · (x − b) ]                                  (n_steps·N, ...), step-major, float32
///   g        = ∂ Σ_rows F(scaled)[row, target] / ∂ scaled
///   total    = Σ_k g[k] · float32(w_k)                                     _reshape_and_sum over the steps
///   attr     = total · (x − b)
///   delta    = Σ_elements attr − (F(x)[target] − F(b)[target])              per input (compute_convergence_delta)
/// </code>
/// b is the scalar <c>baselines</c> broadcast (torch.full_like) or a tensor of x's shape.
/// </summary>
public static class IntegratedGradients
{
    public static IntegratedGradientsSteps Compute(SpecNet net, Tensor x, Tensor baseline, int[] targets, int nSteps, IgMethod method)
    {
        using var scope = NewDisposeScope();
        var (steps, alphas) = Approximation.Of(method, nSteps);
        long n = x.shape[0];
        var diff = x - baseline;
        var scaled = cat(alphas.Select(a => baseline + diff * a).ToList(), 0);
        var (_, g) = TargetGradient.Of(net, scaled, targets);
        using var _ = no_grad();
        var w = tensor(steps.Select(s => (float)s).ToArray()).to(g.dtype).view(nSteps, 1);
        var total = (g.reshape(nSteps, -1) * w).reshape([nSteps, .. x.shape]).sum([0L]);
        var attr = total * diff;
        var end = TargetGradient.Forward(net, x, targets);
        var start = TargetGradient.Forward(net, baseline, targets);
        var delta = attr.reshape(n, -1).sum([1L]) - (end - start);
        return new IntegratedGradientsSteps(NpyArray.FromDoubles(alphas, nSteps), NpyArray.FromDoubles(steps, nSteps), NpyTensor.ToNpy(total),
            NpyTensor.ToNpy(attr), NpyTensor.ToNpy(end), NpyTensor.ToNpy(start), NpyTensor.ToNpy(delta));
    }
}
