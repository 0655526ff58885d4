using System.Text.Json.Nodes;
using KerasVis.Conformance.Harness;
using KerasVis.ReferenceBackend.Adapters;
using KerasVis.ReferenceBackend.Methods;
using Xunit;

namespace KerasVis.Tests.Units;

/// <summary>method.params is bound strictly: each refusal names the manifest and the key.</summary>
public class ParamBinderTests
{
    static GoldenCase Case(string id) => GoldenRepository.LoadAll().Single(c => c.Id == id);

    static GoldenFormatException Refused<T>(string id, Action<JsonObject> change) where T : class
    {
        var c = Case(id).WithParams(change);
        return Assert.Throws<GoldenFormatException>(() => ParamBinder.Bind<T>(c));
    }

    [Fact]
    public void The_golden_parameters_bind_to_their_values()
    {
        var p = ParamBinder.Bind<TfkvScoreCamParams>(Case("tfkv_scorecam/lab1_trained_max_n_8_union"));
        Assert.Equal(8, p.MaxN);
        Assert.Equal(WeightsKind.Npy, p.Cam.Weights.Kind);
        Assert.Equal("fixtures/weights/lab1-fashion-mnist", p.Cam.Weights.Dir);
        Assert.Equal("conv2d_3", p.Cam.ResolvedLayer);
        var loss = ParamBinder.Bind<LossParams>(Case("losses/cce_seed_example"));
        Assert.Equal(LossReduction.SumOverBatchSize, loss.Reduction);
        Assert.Equal(1e-7, loss.Epsilon);
    }

    [Fact]
    public void A_misspelt_key_is_refused_naming_it_and_the_known_keys()
    {
        var e = Refused<TfkvScoreCamParams>("tfkv_scorecam/lab1_trained_max_n_8_union", p => { p.Remove("max_N"); p["max_n"] = 8; });
        Assert.Contains("manifest.json", e.File);
        Assert.Contains("method.params.max_n: is not a parameter of tfkv_scorecam", e.Message);
        Assert.Contains("max_N", e.Message);
    }

    [Fact]
    public void Another_methods_parameter_is_refused_like_any_unknown_key()
    {
        // max_N is Score-CAM's (Faster-Score-CAM); tf-keras-vis's Gradcam has no such argument
        var e = Refused<TfkvCamParams>("tfkv_cam/lab1_trained_gradcam", p => p["max_N"] = 8);
        Assert.Contains("method.params.max_N: is not a parameter of tfkv_gradcam", e.Message);
        e = Refused<TfkvSaliencyParams>("tfkv_saliency/lab1_trained_vanilla", p => p["smooth_samples"] = 0);
        Assert.Contains("method.params.smooth_samples: is not a parameter of tfkv_saliency", e.Message);
        // a part's own rules still hold inside a composed record
        Assert.Contains("method.params.indices: must hold at least one non-negative class index",
            Refused<TfkvScoreCamParams>("tfkv_scorecam/lab1_trained_max_n_8_union", p => p["indices"] = new JsonArray()).Message);
        Assert.Contains("method.params.penultimate_layer: must be an integer or a layer name, got true",
            Refused<TfkvScoreCamParams>("tfkv_scorecam/lab1_trained_max_n_8_union", p => p["penultimate_layer"] = true).Message);
    }

    [Fact]
    public void A_wrong_JSON_type_is_refused_naming_the_key_and_the_type()
    {
        var e = Refused<LossParams>("losses/cce_seed_example", p => p["from_logits"] = "true");
        Assert.Contains("method.params.from_logits: must be boolean, got \"true\"", e.Message);
        e = Refused<TfkvScoreCamParams>("tfkv_scorecam/lab1_trained_max_n_8_union", p => p["max_N"] = 8.5);
        Assert.Contains("method.params.max_N: must be integer or null, got 8.5", e.Message);
    }

    [Fact]
    public void A_value_out_of_range_or_not_among_the_choices_is_refused()
    {
        Assert.Contains("method.params.max_N: 0 is out of range (allowed ≥ 1)", Refused<TfkvScoreCamParams>("tfkv_scorecam/lab1_trained_max_n_8_union", p
            => p["max_N"] = 0).Message);
        Assert.Contains("method.params.reduction: must be \"none\" | \"sum\" | \"sum_over_batch_size\", got \"mean\"",
            Refused<LossParams>("losses/cce_seed_example", p => p["reduction"] = "mean").Message);
    }

    [Fact]
    public void A_missing_required_key_and_a_weights_path_outside_fixtures_are_refused()
    {
        Assert.Contains("method.params.loss: is required", Refused<LossParams>("losses/cce_seed_example", p => p.Remove("loss")).Message);
        var e = Refused<TfkvCamParams>("tfkv_cam/lab1_trained_gradcam", p => p["weights"] = new JsonObject { ["kind"] = "npy", ["dir"] = "../../etc" });
        Assert.Contains("method.params.weights: 'dir' must be a relative path under fixtures/", e.Message);
        e = Refused<TfkvCamParams>("tfkv_cam/lab1_trained_gradcam", p => p["weights"] = new JsonObject { ["kind"] = "hash" });
        Assert.Contains("kind 'hash' needs 'seed'", e.Message);
    }
}
