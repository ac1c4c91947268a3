using System.Globalization;
using CpmSim.Core.Kernel;
using CpmSim.Core.Random;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace CpmSim.Scenarios.Files;

/// <summary>
/// Reads a YAML document while collecting every error with its file, line and column: typed
/// getters, unknown keys with a "did you mean" suggestion, and all errors reported together.
/// </summary>
public sealed class YamlDoc
{
    private readonly List<FileError> _errors = [];
    private readonly Dictionary<YamlNode, string> _origin = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<YamlNode, YamlNode> _standIn = new(ReferenceEqualityComparer.Instance);
    private YamlNode? _extendsAt;

    private YamlDoc(string file, YamlNode? root)
    {
        File = file;
        Root = root;
    }

    public string File { get; }

    public YamlNode? Root { get; }

    public IReadOnlyList<FileError> Errors => _errors;

    /// <summary>The largest input file read: 10 MB (a scenario is a few kilobytes).</summary>
    public const long MaxFileBytes = 10_000_000;

    /// <summary>The deepest nesting of mappings and lists accepted (deeper input would exhaust the stack).</summary>
    public const int MaxDepth = 100;

    /// <summary>The most nodes a document may hold once its aliases (<c>*a</c>) are expanded: a bound against "billion laughs".</summary>
    public const long MaxExpandedNodes = 1_000_000;

    /// <summary>
    /// Reads an input file as text: UTF-8, or UTF-16/UTF-32 with a byte-order mark.
    /// </summary>
    /// <exception cref="FileErrorException">A directory, a missing, unreadable or too large file.</exception>
    public static string ReadText(string path, string what = "file")
    {
        ArgumentNullException.ThrowIfNull(path);
        FileError Fail(string message, string hint) => new(path, 0, 0, message, hint);
        if (Directory.Exists(path))
        {
            throw new FileErrorException([Fail($"this is a directory, not a {what}.", "name a .yaml file.")]);
        }

        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new FileErrorException([Fail($"{what} not found.", "check the path.")]);
            }

            if (info.Length > MaxFileBytes)
            {
                throw new FileErrorException([Fail($"the {what} has {info.Length} bytes, more than the limit of {MaxFileBytes} (10 MB).", "a scenario, flow or sweep file is a few kilobytes: is this the right file?")]);
            }

            return System.IO.File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FileErrorException([Fail($"the {what} cannot be read: {e.Message}", "check its permissions.")]);
        }
    }

    /// <summary>
    /// Parses <paramref name="text"/>; a syntax error is recorded (not thrown) with its position, as is
    /// input that would cost unbounded time or memory: binary content, more than <see cref="MaxFileBytes"/>,
    /// nesting deeper than <see cref="MaxDepth"/>, aliases expanding to more than <see cref="MaxExpandedNodes"/> nodes.
    /// </summary>
    public static YamlDoc Parse(string file, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Hazard(text) is (int line, int column, string message, string hint))
        {
            var bad = new YamlDoc(file, null);
            bad._errors.Add(new FileError(file, line, column, message, hint));
            return bad;
        }

        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            return new YamlDoc(file, stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode);
        }
        catch (YamlException e)
        {
            var doc = new YamlDoc(file, null);
            doc._errors.Add(new FileError(file, (int)e.Start.Line, (int)e.Start.Column, "YAML syntax error: " + (e.InnerException?.Message ?? e.Message), "check indentation and quoting near this place."));
            return doc;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet fails this way (not with a YamlException) on some malformed input, e.g. an unfinished flow collection at the end.
            var doc = new YamlDoc(file, null);
            int lines = 1 + text.AsSpan().TrimEnd().Count('\n');
            doc._errors.Add(new FileError(file, lines, 1, "YAML syntax error: the file ends inside an unfinished value (an unclosed '{', '[' or quote?).", "close every '{', '[' and quote; is the file cut short?"));
            return doc;
        }
    }

    /// <summary>The first reason not to build the document tree of <paramref name="text"/>, or null; a syntax error is left to the loader.</summary>
    private static (int Line, int Column, string Message, string Hint)? Hazard(string text)
    {
        if (text.Length > MaxFileBytes)
        {
            return (0, 0, $"the input has {text.Length} characters, more than the limit of {MaxFileBytes} (10 MB).", "a scenario, flow or sweep file is a few kilobytes: is this the right file?");
        }

        int nul = text.IndexOf('\0', StringComparison.Ordinal);
        if (nul >= 0)
        {
            int line = 1 + text.AsSpan(0, nul).Count('\n');
            return (line, 1, "the file holds binary content (a NUL character), not YAML text.", "save it as UTF-8 text (UTF-16 needs a byte-order mark); is this the right file?");
        }

        // Walk the events (no tree, no recursion): depth, and the size with every alias expanded.
        var anchors = new Dictionary<string, long>(StringComparer.Ordinal);
        var open = new Stack<(string? Anchor, long Start)>();
        long total = 0;
        try
        {
            var parser = new Parser(new StringReader(text));
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case AnchorAlias alias:
                        if (!anchors.TryGetValue(alias.Value.Value, out long size))
                        {
                            return ((int)alias.Start.Line, (int)alias.Start.Column, $"the alias '*{alias.Value.Value}' refers to no anchor: '&{alias.Value.Value}' must be written before it.",
                                "define the anchor first (key: &name value), or quote the text if '*' was not meant as an alias.");
                        }

                        total += size;
                        break;
                    case Scalar scalar:
                        total++;
                        if (!scalar.Anchor.IsEmpty)
                        {
                            anchors[scalar.Anchor.Value] = 1;
                        }

                        break;
                    case NodeEvent start when start is MappingStart or SequenceStart:
                        total++;
                        open.Push((start.Anchor.IsEmpty ? null : start.Anchor.Value, total));
                        if (open.Count > MaxDepth)
                        {
                            return ((int)start.Start.Line, (int)start.Start.Column, $"the YAML nests more than {MaxDepth} levels deep.", "a scenario needs a few levels: is this the right file?");
                        }

                        break;
                    case MappingEnd or SequenceEnd when open.Count > 0:
                        (string? anchor, long from) = open.Pop();
                        if (anchor is not null)
                        {
                            anchors[anchor] = total - from + 1;
                        }

                        break;
                }

                if (total > MaxExpandedNodes)
                {
                    return ((int)parser.Current!.Start.Line, (int)parser.Current.Start.Column, $"the YAML expands to more than {MaxExpandedNodes} values through its aliases (*name).", "write the values out, or use fewer aliases: repeated aliases of aliases grow exponentially.");
                }
            }
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException)
        {
            return null; // reported with its place when the document is loaded
        }

        return null;
    }

    public void Error(YamlNode? at, string message, string? hint = null)
    {
        while (at is not null && _standIn.TryGetValue(at, out YamlNode? source))
        {
            at = source;
        }

        if (at is not null && _extendsAt is not null && IsInherited(FileOf(at)))
        {
            // The user cannot edit a built-in scenario: point at their 'extends:' line and say where the value came from.
            message += $" (inherited through 'extends': declared at {Place(at)})";
            at = _extendsAt;
        }

        _errors.Add(new FileError(FileOf(at), at is null ? 1 : (int)at.Start.Line, at is null ? 1 : (int)at.Start.Column, message, hint));
    }

    /// <summary>The <c>extends:</c> value of this document: errors in values inherited from a built-in scenario are reported there.</summary>
    public void InheritThrough(YamlNode extendsValue) => _extendsAt = extendsValue;

    /// <summary>Where the <c>extends:</c> value is (<c>file:line:column</c>), or empty when this document extends nothing.</summary>
    public string ExtendsPlace => _extendsAt is null ? string.Empty : Place(_extendsAt);

    /// <summary><c>file:line:column</c> of a node, as written (not redirected).</summary>
    public string Place(YamlNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        while (_standIn.TryGetValue(node, out YamlNode? source))
        {
            node = source;
        }

        return $"{FileOf(node)}:{node.Start.Line}:{node.Start.Column}";
    }

    private bool IsInherited(string file) => file != File && file.StartsWith("builtin:", StringComparison.Ordinal) && !File.StartsWith("builtin:", StringComparison.Ordinal);

    /// <summary>The file a node came from: this document's, unless it was merged in from a base.</summary>
    public string FileOf(YamlNode? node) => node is not null && _origin.TryGetValue(node, out string? f) ? f : File;

    /// <summary>Adds the errors of another document (e.g. a base scenario that failed to parse).</summary>
    public void AddErrors(IEnumerable<FileError> errors) => _errors.AddRange(errors);

    /// <summary>
    /// Deep-merges <paramref name="baseDoc"/> under this document: mappings merge key by key, this
    /// document winning; anything else is replaced. Nodes taken from the base keep reporting errors
    /// against the base's file.
    /// </summary>
    public YamlDoc MergedOver(YamlDoc baseDoc)
    {
        ArgumentNullException.ThrowIfNull(baseDoc);
        var merged = new YamlDoc(File, null);
        foreach (KeyValuePair<YamlNode, YamlNode> o in baseDoc._standIn)
        {
            merged._standIn[o.Key] = o.Value;
        }

        foreach (YamlNode n in baseDoc.Root?.AllNodes ?? [])
        {
            merged._origin[n] = baseDoc.FileOf(n);
        }

        foreach (KeyValuePair<YamlNode, string> o in _origin)
        {
            merged._origin[o.Key] = o.Value;
        }

        foreach (KeyValuePair<YamlNode, YamlNode> o in _standIn)
        {
            merged._standIn[o.Key] = o.Value;
        }

        merged._errors.AddRange(baseDoc._errors);
        merged._errors.AddRange(_errors);
        YamlNode? root = Merge(baseDoc.Root, Root, merged._standIn);
        return new YamlDoc(merged, root);
    }

    private YamlDoc(YamlDoc from, YamlNode? root)
        : this(from.File, root)
    {
        foreach (KeyValuePair<YamlNode, string> o in from._origin)
        {
            _origin[o.Key] = o.Value;
        }

        foreach (KeyValuePair<YamlNode, YamlNode> o in from._standIn)
        {
            _standIn[o.Key] = o.Value;
        }

        _errors.AddRange(from._errors);
    }

    private static YamlNode? Merge(YamlNode? under, YamlNode? over, Dictionary<YamlNode, YamlNode> standIn)
    {
        if (under is YamlMappingNode u && over is YamlMappingNode o)
        {
            var result = new YamlMappingNode();
            standIn[result] = o;
            // A key both write keeps the overriding document's key node, so that errors about it point at the user's line.
            var overKeys = o.Children.Keys.ToDictionary(k => k, k => k);
            foreach (KeyValuePair<YamlNode, YamlNode> kv in u.Children)
            {
                if (overKeys.TryGetValue(kv.Key, out YamlNode? ok))
                {
                    result.Children[ok] = Merge(kv.Value, o.Children[ok], standIn)!;
                }
                else
                {
                    result.Children[kv.Key] = kv.Value;
                }
            }

            foreach (KeyValuePair<YamlNode, YamlNode> kv in o.Children)
            {
                if (!u.Children.ContainsKey(kv.Key))
                {
                    result.Children[kv.Key] = kv.Value;
                }
            }

            return result;
        }

        return over ?? under;
    }

    public void ThrowIfErrors()
    {
        if (_errors.Count > 0)
        {
            throw new FileErrorException([.. _errors]);
        }
    }

    /// <summary>The mapping at <paramref name="node"/>, checking its keys against <paramref name="allowed"/>.</summary>
    public YamlMappingNode? Mapping(YamlNode? node, string what, params string[] allowed)
    {
        if (node is null)
        {
            return null;
        }

        if (node is not YamlMappingNode map)
        {
            Error(node, $"{what} must be a mapping (key: value lines).");
            return null;
        }

        if (allowed.Length > 0)
        {
            foreach (YamlNode key in map.Children.Keys)
            {
                string k = ((key as YamlScalarNode)?.Value) ?? string.Empty;
                if (!allowed.Contains(k, StringComparer.Ordinal))
                {
                    string? near = Suggest(k, allowed);
                    if (k.EndsWith(')') && !k.Contains('(', StringComparison.Ordinal))
                    {
                        Error(key, $"unknown key '{k}' in {what}: it looks like the rest of a value that YAML split at a comma.",
                            "inside {...} YAML splits a value at each comma: put the whole value in quotes, e.g. time: \"uniform(5ms, 1ms)\".");
                        continue;
                    }

                    Error(key, $"unknown key '{k}' in {what}.", near is null
                        ? $"allowed keys: {string.Join(", ", allowed)}."
                        : $"did you mean '{near}'? Allowed keys: {string.Join(", ", allowed)}.");
                }
            }
        }

        return map;
    }

    public static YamlNode? Child(YamlMappingNode? map, string key) =>
        map is not null && map.Children.TryGetValue(new YamlScalarNode(key), out YamlNode? v) ? v : null;

    public string? String(YamlMappingNode? map, string key, string what, bool required = false)
    {
        YamlNode? n = Child(map, key);
        if (n is null)
        {
            if (required)
            {
                Error(map, $"{what} needs '{key}'.", $"add a line '{key}: ...'.");
            }

            return null;
        }

        if (n is not YamlScalarNode s)
        {
            Error(n, $"'{key}' in {what} must be a single value.");
            return null;
        }

        return s.Value;
    }

    public bool? Bool(YamlMappingNode? map, string key, string what)
    {
        string? v = String(map, key, what);
        if (v is null)
        {
            return null;
        }

        if (bool.TryParse(v, out bool b))
        {
            return b;
        }

        Error(Child(map, key), $"'{key}' in {what} must be true or false, not '{v}'.");
        return null;
    }

    public long? Integer(YamlMappingNode? map, string key, string what, long min = long.MinValue, long max = long.MaxValue)
    {
        string? v = String(map, key, what);
        if (v is null)
        {
            return null;
        }

        if (long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out long x) && x >= min && x <= max)
        {
            return x;
        }

        Error(Child(map, key), $"'{key}' in {what} must be a whole number" + (min > long.MinValue ? $" ≥ {min}" : string.Empty) + (max < long.MaxValue ? $" ≤ {max}" : string.Empty) + $", not '{v}'.");
        return null;
    }

    /// <summary>A whole number in the full range of <see cref="ulong"/> (0 … 18446744073709551615), e.g. a seed.</summary>
    public ulong? Unsigned(YamlMappingNode? map, string key, string what)
    {
        string? v = String(map, key, what);
        if (v is null)
        {
            return null;
        }

        if (ulong.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out ulong x))
        {
            return x;
        }

        Error(Child(map, key), $"'{key}' in {what} must be a whole number from 0 to {ulong.MaxValue.ToString(CultureInfo.InvariantCulture)}, not '{v}'.");
        return null;
    }

    public double? Number(YamlMappingNode? map, string key, string what, double min, double max)
    {
        string? v = String(map, key, what);
        if (v is null)
        {
            return null;
        }

        if (Units.TryParseFraction(v, min, max, out double x, out _))
        {
            return x;
        }

        Error(Child(map, key), $"'{key}' in {what} must be a number in [{min.ToString(CultureInfo.InvariantCulture)}, {max.ToString(CultureInfo.InvariantCulture)}], not '{v}'.");
        return null;
    }

    public SimTime? Time(YamlMappingNode? map, string key, string what)
    {
        string? v = String(map, key, what);
        if (v is null)
        {
            return null;
        }

        if (Units.TryParseTime(v, out SimTime t, out string? error))
        {
            return t;
        }

        Error(Child(map, key), $"'{key}' in {what}: {error}");
        return null;
    }

    /// <summary>A byte size: <c>120KB</c>, <c>1.5MB</c>, <c>300000</c> (decimal units, as MMS limits are written).</summary>
    public long? Size(YamlMappingNode? map, string key, string what)
    {
        string? v = String(map, key, what);
        if (v is null)
        {
            return null;
        }

        if (TryParseSize(v, out long bytes))
        {
            return bytes;
        }

        Error(Child(map, key), $"'{key}' in {what} must be a size such as 300KB, 1.5MB or 4000 (bytes), from 0 to 1000000MB (1 TB), not '{v}'.");
        return null;
    }

    /// <summary>The largest size a file may give: 1 TB (see <see cref="Units.MaxSizeBytes"/>).</summary>
    public const long MaxSizeBytes = Units.MaxSizeBytes;

    public static bool TryParseSize(string text, out long bytes) => Units.TryParseSize(text, out bytes, out _);

    /// <summary>
    /// A distribution whose values are of the <paramref name="unit"/> kind: times need a time unit (a
    /// bare 0 aside), sizes take B/KB/MB/GB or plain bytes, counts are plain numbers; no value may be negative.
    /// </summary>
    public Distribution? Distribution(YamlMappingNode? map, string key, string what, string? baseDirectory, DistributionUnit unit)
    {
        string? v = String(map, key, what);
        if (v is null)
        {
            return null;
        }

        if (!DistributionParser.TryParse(v, baseDirectory, out Distribution? d, out string? error))
        {
            Error(Child(map, key), $"'{key}' in {what}: {error}", SplitHint(v));
            return null;
        }

        if (UnitProblem(d!, unit) is string problem)
        {
            Error(Child(map, key), $"'{key}' in {what}: '{v}' {problem}", unit switch
            {
                DistributionUnit.Time => $"write a time with its unit ({SimTime.AcceptedUnits}), e.g. 20ms or exp(mean=2ms); 0 may stand alone.",
                DistributionUnit.Size => "write a size such as 1500B, 120KB or 2MB, or a plain number of bytes.",
                _ => "write a plain count such as 3 or uniform(1, 5).",
            });
            return null;
        }

        return d;
    }

    /// <summary>What is wrong with a distribution's values for a quantity of the <paramref name="unit"/> kind, or null.</summary>
    public static string? UnitProblem(Distribution d, DistributionUnit unit)
    {
        ArgumentNullException.ThrowIfNull(d);
        double min = d switch
        {
            ConstantDistribution c => c.Mean,
            UniformDistribution u => u.Low,
            EmpiricalDistribution e => e.Values.Min(),
            _ => d.Mean,
        };
        if (double.IsNaN(min) || double.IsNaN(d.Mean) || double.IsInfinity(d.Mean))
        {
            return "has no finite value.";
        }

        if (min < 0)
        {
            return "can be negative, which a time, a size or a count cannot be.";
        }

        if (d is ConstantDistribution && d.Mean == 0)
        {
            return null; // 0 needs no unit
        }

        return (unit, d.Unit) switch
        {
            (DistributionUnit.Time, DistributionUnit.Plain) => $"has no time unit (units: {SimTime.AcceptedUnits}); a bare number is not a time.",
            (DistributionUnit.Time, DistributionUnit.Size) => "is a size, but a time is needed here.",
            (DistributionUnit.Size, DistributionUnit.Time) => "is a time, but a size is needed here.",
            (DistributionUnit.Plain, DistributionUnit.Time) => "is a time, but a plain count is needed here.",
            (DistributionUnit.Plain, DistributionUnit.Size) => "is a size, but a plain count is needed here.",
            _ => null,
        };
    }

    /// <summary>A hint for a value that YAML cut at a comma inside a flow mapping <c>{...}</c>, or null.</summary>
    public static string? SplitHint(string value) =>
        value.Contains('(', StringComparison.Ordinal) && !value.Contains(')', StringComparison.Ordinal)
            ? $"inside {{...}} YAML splits a value at each comma: put it in quotes, e.g. \"{value}, ...)\"."
            : null;

    public TEnum? Enum<TEnum>(YamlMappingNode? map, string key, string what, IReadOnlyDictionary<string, TEnum> names)
        where TEnum : struct => TryChoose(map, key, what, names, out TEnum e) ? e : null;

    /// <summary>The value named by the key's word, as <see cref="Enum"/> does for a value type: an error with a did-you-mean for another word.</summary>
    public T? Choice<T>(YamlMappingNode? map, string key, string what, IReadOnlyDictionary<string, T> names)
        where T : class => TryChoose(map, key, what, names, out T? v) ? v : null;

    private bool TryChoose<T>(YamlMappingNode? map, string key, string what, IReadOnlyDictionary<string, T> names, out T value)
    {
        value = default!;
        string? v = String(map, key, what);
        if (v is null)
        {
            return false;
        }

        if (names.TryGetValue(v, out T? e))
        {
            value = e;
            return true;
        }

        string? near = Suggest(v, names.Keys);
        Error(Child(map, key), $"'{key}' in {what} must be one of {string.Join(", ", names.Keys)}, not '{v}'.", near is null ? null : $"did you mean '{near}'?");
        return false;
    }

    public List<string>? StringList(YamlMappingNode? map, string key, string what)
    {
        YamlNode? n = Child(map, key);
        if (n is null)
        {
            return null;
        }

        if (n is YamlScalarNode one)
        {
            return [one.Value ?? string.Empty];
        }

        if (n is not YamlSequenceNode seq)
        {
            Error(n, $"'{key}' in {what} must be a list, e.g. [a, b].");
            return null;
        }

        var list = new List<string>();
        foreach (YamlNode item in seq)
        {
            if (item is YamlScalarNode s)
            {
                list.Add(s.Value ?? string.Empty);
            }
            else
            {
                Error(item, $"items of '{key}' in {what} must be single values.");
            }
        }

        return list;
    }

    /// <summary>The allowed word nearest to <paramref name="word"/> (edit distance ≤ 2, or a prefix), or null.</summary>
    public static string? Suggest(string word, IEnumerable<string> allowed)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string a in allowed)
        {
            int d = Levenshtein(word.ToLowerInvariant(), a.ToLowerInvariant());
            if (d < bestDistance)
            {
                bestDistance = d;
                best = a;
            }
        }

        return best is not null && (bestDistance <= Math.Max(2, word.Length / 3) || best.StartsWith(word, StringComparison.OrdinalIgnoreCase)) ? best : null;
    }

    private static int Levenshtein(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            prev[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            (prev, cur) = (cur, prev);
        }

        return prev[b.Length];
    }
}
