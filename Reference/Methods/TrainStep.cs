using KerasVis.Conformance.IO;
using KerasVis.Reference.IO;
using KerasVis.Reference.Keras;
using KerasVis.Reference.Models;
using static TorchSharp.torch;

namespace KerasVis.Reference.Methods;

/// <summary>The loss and the gradient of every weight (Keras layouts, layer order) for one batch.</summary>
public sealed record TrainStepResult(NpyArray Loss, NpyArray Predictions, IReadOnlyList<(string Name, NpyArray Gradient)> Gradients);

/// <summary>
/// The numbers behind one optimizer step of <c>model.fit</c> in the labs (seed 000): Lab1 compiles with
/// <c>sparse_categorical_crossentropy</c>, Lab2 with <c>binary_crossentropy</c>, Lab3 with <c>categorical_crossentropy</c>.
/// <code>
///   L = Σ_batch loss(y, model(x)) / N          Keras's sum_over_batch_size reduction
///   g_t = ∂L/∂w_t                             for every weight w_t, reported in Keras layouts (conv HWIO, dense [in, out])
/// </code>
/// The optimizer's update itself (Adam's moments) is not part of the case: it is elementwise arithmetic on g.
/// </summary>
public static class TrainStep
{
    public static TrainStepResult Compute(SpecNet net, Tensor x, Tensor labels, string loss)
    {
        using var scope = NewDisposeScope();
        foreach (var p in net.parameters()) p.grad = null;
        var preds = net.forward(x);
        var per = KerasLosses.ByName(loss, labels, preds, fromLogits: false);
        var l = KerasLosses.SumOverBatchSize(per);
        l.backward();
        var grads = new List<(string, NpyArray)>();
        foreach (var row in net.Spec.Rows)
        {
            var ps = net.ParametersOf(row.Layer.Name);
            if (ps.Count == 0) continue;
            var gk = ps[0].grad ?? throw new InvalidOperationException($"no gradient reached {row.Layer.Name}.kernel (frozen layer?)");
            var gb = ps[1].grad ?? throw new InvalidOperationException($"no gradient reached {row.Layer.Name}.bias (frozen layer?)");
            grads.Add(($"{row.Layer.Name}.kernel", NpyTensor.ToNpy(gk.dim() == 4 ? gk.permute(2, 3, 1, 0) : gk.t())));
            grads.Add(($"{row.Layer.Name}.bias", NpyTensor.ToNpy(gb)));
        }
        foreach (var p in net.parameters()) p.grad = null;
        return new TrainStepResult(NpyTensor.ToNpy(l.detach()), NpyTensor.ToNpy(preds.detach()), grads);
    }
}
