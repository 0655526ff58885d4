using KerasVis.Reference.Models;

namespace KerasVis.Cli.Bench;

/// <summary>The multiply-adds of one forward of a model, from its layer rows (batch 1): a convolution's are
/// out_h · out_w · filters · in_channels · k²; a dense layer's in · units. Pools, activations and the bias additions are
/// not counted (they are not multiply-adds and cost a few per cent of VGG16's 15.47 G).</summary>
public static class ForwardFmas
{
    public static double Of(ModelSpec spec) => spec.Rows.Sum(r => r.Layer switch
    {
        Conv2DSpec c => (double)r.OutputShape[0] * r.OutputShape[1] * r.OutputShape[2] * r.InputShape[2] * c.Kernel * c.Kernel,
        DenseSpec d => (double)r.InputShape[^1] * d.Units,
        TorchConv2dSpec c => (double)r.OutputShape[0] * r.OutputShape[1] * r.OutputShape[2] * r.InputShape[0] * c.Kernel * c.Kernel,
        TorchLinearSpec l => (double)r.InputShape[^1] * l.OutFeatures,
        _ => 0,
    });
}
