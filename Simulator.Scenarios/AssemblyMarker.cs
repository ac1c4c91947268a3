namespace CpmSim.Scenarios; internal static class AssemblyMarker { }
