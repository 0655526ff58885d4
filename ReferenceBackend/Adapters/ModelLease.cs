using KerasVis.Reference.Models;

namespace KerasVis.ReferenceBackend.Adapters;

/// <summary>A model in use; disposing the lease (not the model) hands it back to the <see cref="ModelCache"/>.</summary>
public sealed class ModelLease(SpecNet net, Action release) : IDisposable
{
    Action? release = release;
    public SpecNet Net { get; } = net;
    public void Dispose() => Interlocked.Exchange(ref release, null)?.Invoke();
}
