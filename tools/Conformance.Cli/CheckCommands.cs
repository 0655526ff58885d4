using System.CommandLine;
namespace KerasVis.Cli;
public static class CheckCommands { public static IEnumerable<Command> All() { yield break; } }
