using System.CommandLine;
using KerasVis.Cli;

return Cli.Build().Parse(args).Invoke();
