// Package implementation is a school's planning of its PLP process: the
// state's implementation framework as data (categories, steps, resources),
// the self-assessment survey its PLP team takes, the action plan that
// follows from it, and the reports that show where the school stands.
package implementation

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"
	"net/url"
	"strings"

	"github.com/goccy/go-yaml"

	"plp/ent"
	"plp/ent/category"
	"plp/ent/resource"
	"plp/ent/schema/pulid"
	"plp/ent/step"
	"plp/internal/platform/apperr"
)

// Framework is an implementation framework as written in its file: the
// categories, their steps in order, and each step's resources.
type Framework struct {
	Version    string     `yaml:"version" json:"version"`
	Name       string     `yaml:"name" json:"name"`
	Categories []Category `yaml:"categories" json:"categories"`
}

// Category is one area of the framework.
type Category struct {
	Key         string `yaml:"key" json:"key"`
	Name        string `yaml:"name" json:"name"`
	Description string `yaml:"description" json:"description"`
	Steps       []Step `yaml:"steps" json:"steps"`
}

// Step is one implementation step of a category.
type Step struct {
	Key         string     `yaml:"key" json:"key"`
	Title       string     `yaml:"title" json:"title"`
	Description string     `yaml:"description" json:"description"`
	Resources   []Resource `yaml:"resources" json:"resources"`
}

// Resource helps a school carry out a step.
type Resource struct {
	Title    string `yaml:"title" json:"title"`
	Kind     string `yaml:"kind" json:"kind"`
	URL      string `yaml:"url" json:"url"`
	Audience string `yaml:"audience" json:"audience"`
	// Body is the resource itself, written out, when it is not a link.
	Body string `yaml:"body" json:"body"`
}

// Limits of an imported framework file: far above the state's framework,
// low enough that one import stays one quick transaction.
const (
	MaxFrameworkBytes = 512 << 10
	MaxSteps          = 500
	MaxResources      = 2000
	// maxBody is the longest text of a resource (the Resource.body column).
	maxBody = 20000
)

//go:embed vermont-plp-framework.yaml
var vermontYAML []byte

// Vermont is the state's PLP implementation framework that the binary
// carries (vermont-plp-framework.yaml).
var Vermont = mustParse(vermontYAML)

func mustParse(data []byte) *Framework {
	fw, err := ParseFramework(data)
	if err != nil {
		panic(fmt.Sprintf("embedded implementation framework: %v", err))
	}
	return fw
}

// ParseFramework reads a framework file (YAML, or JSON, which is YAML too)
// and checks it: a version and name, unique keys, known resource kinds.
// Every problem is BAD_USER_INPUT on the field "document", naming where it is.
func ParseFramework(data []byte) (*Framework, error) {
	if len(data) > MaxFrameworkBytes {
		return nil, apperr.New(apperr.LimitExceeded, "The framework file has %d bytes; at most %d are accepted.", len(data), MaxFrameworkBytes)
	}
	var fw Framework
	if err := yaml.NewDecoder(bytes.NewReader(data), yaml.Strict()).Decode(&fw); err != nil {
		return nil, apperr.Invalid("document", "The framework is not valid YAML or JSON of the expected shape: %s", firstLine(err.Error()))
	}
	if err := fw.check(); err != nil {
		return nil, err
	}
	return &fw, nil
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// check reports the first thing wrong with the framework.
func (fw *Framework) check() error {
	bad := func(format string, args ...any) error { return apperr.Invalid("document", format, args...) }
	if strings.TrimSpace(fw.Version) == "" || strings.TrimSpace(fw.Name) == "" {
		return bad("The framework needs a version and a name.")
	}
	if len(fw.Categories) == 0 {
		return bad("The framework has no categories.")
	}
	keys := map[string]bool{}
	steps, resources := 0, 0
	for i, c := range fw.Categories {
		if c.Key == "" || c.Name == "" {
			return bad("Category %d needs a key and a name.", i+1)
		}
		if keys["category:"+c.Key] {
			return bad("The category key %q is used twice.", c.Key)
		}
		keys["category:"+c.Key] = true
		for j, s := range c.Steps {
			if s.Key == "" || s.Title == "" {
				return bad("Step %d of category %q needs a key and a title.", j+1, c.Key)
			}
			if keys["step:"+s.Key] {
				return bad("The step key %q is used twice.", s.Key)
			}
			keys["step:"+s.Key] = true
			titles := map[string]bool{}
			for k, r := range s.Resources {
				if r.Title == "" {
					return bad("Resource %d of step %q needs a title.", k+1, s.Key)
				}
				if titles[r.Title] {
					return bad("Step %q has two resources titled %q.", s.Key, r.Title)
				}
				titles[r.Title] = true
				if u, err := url.Parse(r.URL); r.URL != "" && (err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "") {
					return bad("Resource %q of step %q has the link %q: links must be http or https URLs.", r.Title, s.Key, r.URL)
				}
				if len(r.Body) > maxBody {
					return bad("Resource %q of step %q has a text of %d bytes; at most %d are accepted.", r.Title, s.Key, len(r.Body), maxBody)
				}
				if resource.KindValidator(resourceKind(r.Kind)) != nil {
					return bad("Resource %q of step %q has kind %q: use guide, template, policy, video, tool, example or link.", r.Title, s.Key, r.Kind)
				}
			}
			resources += len(s.Resources)
		}
		steps += len(c.Steps)
	}
	if steps > MaxSteps || resources > MaxResources {
		return apperr.New(apperr.LimitExceeded, "The framework has %d steps and %d resources; at most %d and %d are accepted.", steps, resources, MaxSteps, MaxResources)
	}
	return nil
}

func resourceKind(kind string) resource.Kind { return resource.Kind(strings.ToUpper(kind)) }

// InstallResult counts what an install changed.
type InstallResult struct {
	Created, Updated int
}

// Install puts the framework into the school, or brings an earlier install
// up to date: categories and steps are matched by key, resources by title
// within their step. Wording and order follow the file; the school's local
// steps and resources, survey answers and action items are left alone, and
// nothing is deleted (a step the file no longer has keeps its answers).
// It runs with the caller's client and viewer, so only the school's admins
// (or the system) can install.
func Install(ctx context.Context, c *ent.Client, schoolID pulid.ID, fw *Framework) (InstallResult, error) {
	var res InstallResult
	// An install that changes nothing writes nothing, and so would pass
	// no privacy rule: ask the Category policy up front whether the viewer
	// may write the school's framework.
	probe := c.Category.Create().SetSchoolID(schoolID).SetKey(fw.Categories[0].Key).SetName(fw.Categories[0].Name)
	if err := category.Policy.EvalMutation(ctx, probe.Mutation()); err != nil {
		return res, err
	}
	cats, err := c.Category.Query().Where(category.SchoolID(schoolID)).All(ctx)
	if err != nil {
		return res, fmt.Errorf("read categories of %s: %w", schoolID, err)
	}
	catByKey := map[string]*ent.Category{}
	for _, cat := range cats {
		catByKey[cat.Key] = cat
	}
	for i, def := range fw.Categories {
		cat, ok := catByKey[def.Key]
		switch {
		case !ok:
			cat, err = c.Category.Create().SetSchoolID(schoolID).SetKey(def.Key).SetName(def.Name).
				SetDescription(strings.TrimSpace(def.Description)).SetPosition(i).Save(ctx)
			res.Created++
		case cat.Name != def.Name || cat.Description != strings.TrimSpace(def.Description) || cat.Position != i:
			cat, err = cat.Update().SetName(def.Name).SetDescription(strings.TrimSpace(def.Description)).SetPosition(i).Save(ctx)
			res.Updated++
		}
		if err != nil {
			return res, fmt.Errorf("install category %s: %w", def.Key, err)
		}
		catByKey[def.Key] = cat
	}

	steps, err := c.Step.Query().Where(step.SchoolID(schoolID), step.KeyNEQ("")).WithResources().All(ctx)
	if err != nil {
		return res, fmt.Errorf("read steps of %s: %w", schoolID, err)
	}
	stepByKey := map[string]*ent.Step{}
	for _, s := range steps {
		stepByKey[s.Key] = s
	}
	for _, catDef := range fw.Categories {
		cat := catByKey[catDef.Key]
		for j, def := range catDef.Steps {
			s, ok := stepByKey[def.Key]
			desc := strings.TrimSpace(def.Description)
			switch {
			case !ok:
				s, err = c.Step.Create().SetSchoolID(schoolID).SetCategoryID(cat.ID).SetKey(def.Key).SetTitle(def.Title).
					SetDescription(desc).SetPosition(j).Save(ctx)
				res.Created++
			case s.Title != def.Title || s.Description != desc || s.Position != j:
				var resources []*ent.Resource
				resources = s.Edges.Resources
				s, err = s.Update().SetTitle(def.Title).SetDescription(desc).SetPosition(j).Save(ctx)
				if s != nil {
					s.Edges.Resources = resources
				}
				res.Updated++
			}
			if err != nil {
				return res, fmt.Errorf("install step %s: %w", def.Key, err)
			}
			n, u, err := installResources(ctx, c, schoolID, s, def.Resources)
			if err != nil {
				return res, fmt.Errorf("install resources of step %s: %w", def.Key, err)
			}
			res.Created += n
			res.Updated += u
		}
	}
	return res, nil
}

// installResources creates the step's missing resources (in one statement)
// and updates those whose kind, link or audience changed.
func installResources(ctx context.Context, c *ent.Client, schoolID pulid.ID, s *ent.Step, defs []Resource) (created, updated int, err error) {
	have := map[string]*ent.Resource{}
	for _, r := range s.Edges.Resources {
		if !r.Local {
			have[r.Title] = r
		}
	}
	var creates []*ent.ResourceCreate
	for _, def := range defs {
		kind := resourceKind(def.Kind)
		r, ok := have[def.Title]
		if !ok {
			create := c.Resource.Create().SetSchoolID(schoolID).SetStepID(s.ID).SetTitle(def.Title).
				SetKind(kind).SetAudience(def.Audience)
			if def.URL != "" {
				create.SetURL(def.URL)
			}
			if body := strings.TrimSpace(def.Body); body != "" {
				create.SetBody(body)
			}
			creates = append(creates, create)
			continue
		}
		// A file the school attached stands in for the framework's link.
		hasFile := r.FileKey != ""
		body := strings.TrimSpace(def.Body)
		if r.Kind != kind || (!hasFile && r.URL != def.URL) || r.Audience != def.Audience || r.Body != body {
			update := r.Update().SetKind(kind).SetAudience(def.Audience).SetBody(body)
			switch {
			case hasFile:
			case def.URL == "":
				update.ClearURL()
			default:
				update.SetURL(def.URL)
			}
			if err := update.Exec(ctx); err != nil {
				return created, updated, fmt.Errorf("update resource %q: %w", def.Title, err)
			}
			updated++
		}
	}
	if len(creates) > 0 {
		if err := c.Resource.CreateBulk(creates...).Exec(ctx); err != nil {
			return created, updated, err
		}
	}
	return len(creates), updated, nil
}

// EnsureInstalled installs the Vermont framework in a school that has no
// categories yet; it does nothing to a school that has them.
func EnsureInstalled(ctx context.Context, c *ent.Client, schoolID pulid.ID) error {
	has, err := c.Category.Query().Where(category.SchoolID(schoolID)).Exist(ctx)
	if err != nil {
		return fmt.Errorf("look for categories of %s: %w", schoolID, err)
	}
	if has {
		return nil
	}
	_, err = Install(ctx, c, schoolID, Vermont)
	return err
}
