using KerasVis.Conformance.IO;
using KerasVis.Conformance.Methods;
using KerasVis.Reference.IO;
using KerasVis.Reference.Keras;
using KerasVis.ReferenceBackend.Adapters;
using static TorchSharp.torch;

namespace KerasVis.ReferenceBackend.Methods;

public enum KerasLoss { BinaryCrossentropy, CategoricalCrossentropy, SparseCategoricalCrossentropy }

/// <summary>A Keras loss's reduction: <c>none</c> (the per-sample vector), <c>sum</c>, <c>sum_over_batch_size</c> (the mean).</summary>
public enum LossReduction { None, Sum, SumOverBatchSize }

public sealed record LossParams(
    [Param("the Keras loss function")] KerasLoss Loss,
    [Param("y_pred holds logits (true) or probabilities (false)")] bool FromLogits = false,
    [Param("what `reduced` is")] LossReduction Reduction = LossReduction.SumOverBatchSize,
    [Param("keras.config.epsilon(): the clip of probabilities", Min = 0, Max = 0.5)] double Epsilon = 1e-7);

public sealed record LossOutputs(
    [Output("float32", "y_pred's shape without its last axis", "the loss per sample")] NpyArray PerSample,
    [Output("float32", "() for sum and sum_over_batch_size; per_sample's shape for none", "the reduced loss")] NpyArray Reduced);

[Method("keras_loss",
    "Keras 3 binary / categorical / sparse categorical cross-entropy (inputs y_true and y_pred; sparse labels of any integer or float dtype are cast to " +
        "int64)", Page = "losses.md")]
public sealed class LossAdapter : MethodAdapter<LossParams, LossOutputs>
{
    public override LossOutputs Compute(MethodContext context, LossParams p)
    {
        using var scope = NewDisposeScope();
        var yTrue = context.Tensor("y_true");
        var yPred = context.Tensor("y_pred");
        var per = KerasLosses.ByName(ManifestNames.Of(p.Loss), yTrue, yPred, p.FromLogits, (float)p.Epsilon);
        var reduced = p.Reduction switch
        {
            LossReduction.None => per,
            LossReduction.Sum => per.sum(),
            _ => KerasLosses.SumOverBatchSize(per),
        };
        return new(NpyTensor.ToNpy(per), NpyTensor.ToNpy(reduced));
    }
}
