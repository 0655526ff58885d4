using KerasVis.Reference.Models;
using static TorchSharp.torch;

namespace KerasVis.Reference.Methods.Captum;

/// <summary>
/// captum's gradient_func and _run_forward for a classifier (captum/_utils/gradient.py compute_gradients,
/// captum/_utils/common.py _select_targets): the output selected per row by <c>target</c>, and the gradient of their sum
/// with respect to the input batch (captum differentiates <c>torch.unbind(outputs)</c>, the same thing).
/// </summary>
public static class TargetGradient
{
    /// <summary>The most rows <see cref="Forward"/> runs at once.</summary>
    public const int Chunk = 64;

    /// <summary>(target outputs (B,), ∂Σ/∂batch) for a batch whose rows use <paramref name="targets"/> in turn: row r takes
    /// targets[r % targets.Length] (captum's _expand_target repeats the targets once per step or sample).</summary>
    public static (Tensor Scores, Tensor Gradient) Of(SpecNet net, Tensor batch, int[] targets)
    {
        var cap = net.GradientAt(batch, null, output => Select(output, targets));
        return (cap.Score, cap.Gradient);
    }

    /// <summary>The target outputs without a gradient (captum's forward evaluations), in batches of at most
    /// <see cref="Chunk"/> rows.</summary>
    public static Tensor Forward(SpecNet net, Tensor batch, int[] targets)
    {
        using var _ = no_grad();
        var parts = new List<Tensor>();
        for (long i = 0; i < batch.shape[0]; i += Chunk)
        {
            long n = Math.Min(Chunk, batch.shape[0] - i);
            var rows = Enumerable.Range((int)i, (int)n).Select(r => targets[r % targets.Length]).ToArray();
            using var chunk = NewDisposeScope();   // each chunk's activations freed layer by layer (Infer) and then
            parts.Add(Select(net.Infer(batch.narrow(0, i, n)), rows, 0).MoveToOuterDisposeScope());
        }
        return cat(parts);
    }

    static Tensor Select(Tensor output, int[] targets, int offset = 0)
    {
        long rows = output.shape[0];
        if (targets.Any(t => t < 0 || t >= output.shape[1]))
            throw new ArgumentOutOfRangeException(nameof(targets), $"targets [{string.Join(", ", targets)}] must lie in [0, {output.shape[1]})");
        var idx = Enumerable.Range(offset, (int)rows).Select(r => (long)targets[r % targets.Length]).ToArray();
        return output.gather(1, tensor(idx, device: output.device).unsqueeze(1)).squeeze(1);
    }
}
