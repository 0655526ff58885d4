using KerasVis.Reference.Models;
using KerasVis.ReferenceBackend.Adapters;
using Xunit;
using static TorchSharp.torch;

namespace KerasVis.Tests.Units;

public class ModelCacheTests
{
    static SpecNet Lab1(uint seed) => ModelFactory.Build("lab1", new WeightsSpec(WeightsKind.Hash, Seed: seed), linear: false, CPU);

    const long Lab1Bytes = 98_442 * 4;

    [Fact]
    public void A_model_is_built_once_while_it_fits_even_with_other_models_between()
    {
        var cache = new ModelCache(3 * Lab1Bytes);
        int builds = 0;
        SpecNet Build(uint s) { builds++; return Lab1(s); }
        SpecNet first;
        using (var a = cache.Get("a", () => Build(1))) first = a.Net;
        using (cache.Get("b", () => Build(2))) { }
        using (var again = cache.Get("a", () => Build(1))) Assert.Same(first, again.Net);
        Assert.Equal(2, builds);
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void Over_the_budget_the_least_recently_used_model_goes_and_is_disposed_after_its_last_lease()
    {
        var cache = new ModelCache(Lab1Bytes + Lab1Bytes / 2);
        var lease = cache.Get("a", () => Lab1(1));
        var a = lease.Net;
        var weight = a.parameters().First();
        using (cache.Get("b", () => Lab1(2))) { }
        Assert.Equal(1, cache.Count);
        using (no_grad()) Assert.Equal([1L, 10], a.forward(zeros(1, 28, 28, 1)).shape);   // still leased: still usable
        lease.Dispose();
        Assert.True(weight.IsInvalid);   // the weights' native memory is released
        int builds = 0;
        using (cache.Get("a", () => { builds++; return Lab1(1); })) { }
        Assert.Equal(1, builds);
    }
}
