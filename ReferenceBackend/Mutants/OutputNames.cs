using KerasVis.Reference.Methods;
using KerasVis.Reference.Methods.TfKerasVis;
using KerasVis.ReferenceBackend.Adapters;
using KerasVis.ReferenceBackend.Methods;

namespace KerasVis.ReferenceBackend.Mutants;

/// <summary>The output names the mutants edit, derived from the steps records that define them (<see cref="StepOutputs"/>),
/// so a renamed output cannot leave a mutant editing a name nobody compares.</summary>
static class OutputNames
{
    public static readonly string Penultimate = StepOutputs.Name(nameof(CamGradient.Penultimate));
    public static readonly string Weights = StepOutputs.Name(nameof(GradCamSteps.Weights));
    public static readonly string Grads = StepOutputs.Name(nameof(CamGradient.Grads));
    public static readonly string PositiveGrads = StepOutputs.Name(nameof(LayerCamSteps.PositiveGrads));
    public static readonly string Scores = StepOutputs.Name(nameof(CamGradient.Scores));
    public static readonly string ExpScores = StepOutputs.Name(nameof(GradCamPlusPlusSteps.ExpScores));
    public static readonly string CamRaw = StepOutputs.Name(nameof(CamMaps.CamRaw));
    public static readonly string CamUnexpanded = StepOutputs.Name(nameof(CamMaps.CamUnexpanded));
    public static readonly string Cam = StepOutputs.Name(nameof(CamMaps.Cam));
    public static readonly string Channels = StepOutputs.Name(nameof(ScoreCamSteps.Channels));
    public static readonly string MaskedPredictions = StepOutputs.Name(nameof(ScoreCamSteps.MaskedPredictions));
    public static readonly string ChannelMean = StepOutputs.Name(nameof(GetCamResult.ChannelMean));
    public static readonly string HeatmapGuarded = StepOutputs.Name(nameof(GetCamResult.HeatmapGuarded));
    public static readonly string Heatmap = StepOutputs.Name(nameof(GetCamResult.Heatmap));
    public static readonly string ConvOutputs = StepOutputs.Name(nameof(GetCamResult.ConvOutputs));
    public static readonly string Normalized = StepOutputs.Name(nameof(SaliencyResult.Normalized));
    public static readonly string Scaled = StepOutputs.Name(nameof(SaliencyResult.Scaled));
    public static readonly string Grayscale = StepOutputs.Name(nameof(SaliencyResult.Grayscale));
    public static readonly string Gradients = StepOutputs.Name(nameof(SaliencyResult.Gradients));
    public static readonly string Sigma = StepOutputs.Name(nameof(SmoothGradSteps.Sigma));
    public static readonly string Map = StepOutputs.Name(nameof(SaliencySteps.Map));
    public static readonly string Reduced = StepOutputs.Name(nameof(LossOutputs.Reduced));
    public static readonly string PerSample = StepOutputs.Name(nameof(LossOutputs.PerSample));
    public static readonly string Images = StepOutputs.Name(nameof(LoadImgOutputs.Images));
    public static readonly string Preprocessed = StepOutputs.Name(nameof(LoadImgOutputs.Preprocessed));
    public static readonly string Pooled = StepOutputs.Name(nameof(UnpoolOutputs.Pooled));
    public static readonly string Unpooled = StepOutputs.Name(nameof(UnpoolOutputs.Unpooled));
    public static readonly string IndicesNchw = StepOutputs.Name(nameof(UnpoolOutputs.IndicesNchw));
    public static readonly string ArgmaxNhwc = StepOutputs.Name(nameof(UnpoolOutputs.ArgmaxNhwc));
    public static readonly string Overlay = StepOutputs.Name(nameof(HeatmapOutputs.Overlay));
    public static readonly string Reprocessed = StepOutputs.Name(nameof(TorchPreprocessOutputs.Reprocessed));
    public static readonly string Logits = StepOutputs.Name(nameof(TorchGradCamResult.Logits));
    public static readonly string Activations = StepOutputs.Name(nameof(TorchGradCamResult.Activations));
}
