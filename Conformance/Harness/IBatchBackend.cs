using KerasVis.Conformance.IO;

namespace KerasVis.Conformance.Harness;

/// <summary>A backend that runs many cases at once (an external port in batch mode): <see cref="Prepare"/> is called
/// once with every case that will run, before the first <see cref="IBackend.Run"/>.</summary>
public interface IBatchBackend
{
    void Prepare(IReadOnlyList<GoldenCase> cases, string device);
}
