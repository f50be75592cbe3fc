package web

import (
	"context"
	"net/http"
	"strings"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/nick"
	"github.com/burg-news/burg/internal/password"
)

// newPasswordLen is the length of the passwords admins hand out.
const newPasswordLen = 20

// userForm is the "add a user" form as typed.
type userForm struct {
	Nick, Role, Colour string
}

type usersPage struct {
	base
	Users []*burg.User
	Form  userForm
	Error string
	// Shown once: the user just made or given a new password, and it.
	Shown    *burg.User
	Password string
	Roles    []string
}

// handleUserIndex lists the registered users, for admins.
func (s *Server) handleUserIndex(w http.ResponseWriter, r *http.Request) {
	if s.requireAdmin(w, r) == nil {
		return
	}
	s.renderUsers(w, r, http.StatusOK, &usersPage{Form: userForm{Role: burg.RolePoster}})
}

func (s *Server) renderUsers(w http.ResponseWriter, r *http.Request, status int, p *usersPage) {
	ctx, cancel := ctxTimeout(r)
	defer cancel()
	var err error
	if p.Users, err = s.store.FindUsers(ctx); err != nil {
		s.error(w, r, err)
		return
	}
	p.base = s.base(r, "Users")
	p.NoIndex = true
	p.Roles = []string{burg.RolePoster, burg.RoleModerator, burg.RoleAdmin}
	w.Header().Set("Cache-Control", "private, no-store")
	s.render(w, r, status, "admin-users", p)
}

// readUserForm reads and checks the role and colour fields.
func readUserForm(r *http.Request) userForm {
	return userForm{
		Nick:   strings.TrimSpace(r.PostForm.Get("nick")),
		Role:   strings.TrimSpace(r.PostForm.Get("role")),
		Colour: strings.ToLower(strings.TrimSpace(r.PostForm.Get("colour"))),
	}
}

// handleUserCreate adds a user with a generated password, shown once.
func (s *Server) handleUserCreate(w http.ResponseWriter, r *http.Request) {
	if s.requireAdmin(w, r) == nil {
		return
	}
	ctx, cancel := ctxTimeout(r)
	defer cancel()
	if err := parseForm(w, r, 8<<10); err != nil {
		s.error(w, r, err)
		return
	}
	f := readUserForm(r)
	u := &burg.User{Nick: f.Nick, Role: f.Role, Colour: f.Colour}
	if err := u.Validate(); err != nil {
		s.renderUsers(w, r, http.StatusUnprocessableEntity, &usersPage{Form: f, Error: burg.ErrorMessage(err)})
		return
	}
	if err := s.nickFree(ctx, u.Nick); err != nil {
		if burg.ErrorCode(err) == burg.ECONFLICT {
			s.renderUsers(w, r, http.StatusUnprocessableEntity, &usersPage{Form: f, Error: burg.ErrorMessage(err)})
			return
		}
		s.error(w, r, err)
		return
	}
	pw := password.Generate(newPasswordLen)
	hash, err := password.Hash(pw, password.Default)
	if err != nil {
		s.error(w, r, err)
		return
	}
	u.PasswordHash = hash
	if err := s.store.CreateUser(ctx, u); err != nil {
		if code := burg.ErrorCode(err); code == burg.EINVALID || code == burg.ECONFLICT {
			s.renderUsers(w, r, http.StatusUnprocessableEntity, &usersPage{Form: f, Error: burg.ErrorMessage(err)})
			return
		}
		s.error(w, r, err)
		return
	}
	s.Invalidate() // the nick is reserved now, and a moderator shows in the rail
	s.renderUsers(w, r, http.StatusOK, &usersPage{Form: userForm{Role: burg.RolePoster}, Shown: u, Password: pw})
}

// nickFree refuses a new account's nick that is, or looks like, another
// account's: "Harr0wgate" beside "Harrowgate" would pass for the real one
// and keep them from their own nick in the comments.
func (s *Server) nickFree(ctx context.Context, n string) error {
	users, err := s.store.FindUsers(ctx)
	if err != nil {
		return err
	}
	nicks := make([]string, len(users))
	for i, u := range users {
		nicks[i] = u.Nick
	}
	if owner, taken := nick.NewReserved(nicks...).Owner(n); taken {
		return burg.Errorf(burg.ECONFLICT, "The nick %q is, or looks too much like, %s's.", n, owner)
	}
	return nil
}

// targetUser reads the user {id} and the form of a request about them.
func (s *Server) targetUser(w http.ResponseWriter, r *http.Request) (*burg.User, bool) {
	id, err := parseID(r.PathValue("id"), "user")
	if err != nil {
		s.error(w, r, err)
		return nil, false
	}
	r.Body = http.MaxBytesReader(w, r.Body, 8<<10)
	if err := r.ParseForm(); err != nil {
		s.error(w, r, burg.Errorf(burg.EINVALID, "The form could not be read."))
		return nil, false
	}
	u, err := s.store.FindUser(r.Context(), id)
	if err != nil {
		s.error(w, r, err)
		return nil, false
	}
	return u, true
}

// handleUserUpdate changes a user's role and colour.
func (s *Server) handleUserUpdate(w http.ResponseWriter, r *http.Request) {
	admin := s.requireAdmin(w, r)
	if admin == nil {
		return
	}
	u, ok := s.targetUser(w, r)
	if !ok {
		return
	}
	f := readUserForm(r)
	if u.ID == admin.ID && f.Role != burg.RoleAdmin {
		s.renderUsers(w, r, http.StatusUnprocessableEntity, &usersPage{Form: userForm{Role: burg.RolePoster},
			Error: "You cannot take away your own admin role; ask another admin."})
		return
	}
	u.Role, u.Colour = f.Role, f.Colour
	s.saveUser(w, r, u)
}

// saveUser stores a changed user and returns to the list, or shows why
// not.
func (s *Server) saveUser(w http.ResponseWriter, r *http.Request, u *burg.User) {
	if err := s.store.UpdateUser(r.Context(), u); err != nil {
		if burg.ErrorCode(err) == burg.EINVALID {
			s.renderUsers(w, r, http.StatusUnprocessableEntity, &usersPage{Form: userForm{Role: burg.RolePoster},
				Error: u.Nick + ": " + burg.ErrorMessage(err)})
			return
		}
		s.error(w, r, err)
		return
	}
	s.Invalidate() // colours, the moderators' rail
	http.Redirect(w, r, "/admin/users", http.StatusSeeOther)
}

// handleUserDisable disables an account and ends its sessions.
func (s *Server) handleUserDisable(w http.ResponseWriter, r *http.Request) {
	admin := s.requireAdmin(w, r)
	if admin == nil {
		return
	}
	u, ok := s.targetUser(w, r)
	if !ok {
		return
	}
	if u.ID == admin.ID {
		s.renderUsers(w, r, http.StatusUnprocessableEntity, &usersPage{Form: userForm{Role: burg.RolePoster},
			Error: "You cannot disable your own account."})
		return
	}
	u.Disabled = true
	if err := s.store.DeleteUserSessions(r.Context(), u.ID); err != nil {
		s.error(w, r, err)
		return
	}
	s.saveUser(w, r, u)
}

// handleUserEnable enables a disabled account again.
func (s *Server) handleUserEnable(w http.ResponseWriter, r *http.Request) {
	if s.requireAdmin(w, r) == nil {
		return
	}
	u, ok := s.targetUser(w, r)
	if !ok {
		return
	}
	u.Disabled = false
	s.saveUser(w, r, u)
}

// handleUserPasswordReset gives a user a new generated password, shown
// once, and ends their sessions.
func (s *Server) handleUserPasswordReset(w http.ResponseWriter, r *http.Request) {
	if s.requireAdmin(w, r) == nil {
		return
	}
	u, ok := s.targetUser(w, r)
	if !ok {
		return
	}
	pw := password.Generate(newPasswordLen)
	hash, err := password.Hash(pw, password.Default)
	if err != nil {
		s.error(w, r, err)
		return
	}
	u.PasswordHash = hash
	if err := s.store.UpdateUser(r.Context(), u); err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.store.DeleteUserSessions(r.Context(), u.ID); err != nil {
		s.error(w, r, err)
		return
	}
	s.renderUsers(w, r, http.StatusOK, &usersPage{Form: userForm{Role: burg.RolePoster}, Shown: u, Password: pw})
}

// policyChoice is one option of the submission policy.
type policyChoice struct {
	Value, Label string
	Selected     bool
}

type settingsPage struct {
	base
	Policies []policyChoice
	Error    string
	Saved    bool
}

// handleSettingsShow shows the site settings, for admins.
func (s *Server) handleSettingsShow(w http.ResponseWriter, r *http.Request) {
	if s.requireAdmin(w, r) == nil {
		return
	}
	policy, err := s.submitPolicy(r.Context())
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.renderSettings(w, r, http.StatusOK, policy, "", r.URL.Query().Get("saved") != "")
}

func (s *Server) renderSettings(w http.ResponseWriter, r *http.Request, status int, policy, msg string, saved bool) {
	p := &settingsPage{base: s.base(r, "Settings"), Error: msg, Saved: saved}
	p.NoIndex = true
	for _, c := range []policyChoice{
		{burg.SubmitOpen, "Open: what anyone submits is published at once", false},
		{burg.SubmitQueue, "Queue: posters publish at once, other submissions wait for a moderator", false},
		{burg.SubmitClosed, "Closed: only registered posters may post", false},
	} {
		c.Selected = c.Value == policy
		p.Policies = append(p.Policies, c)
	}
	w.Header().Set("Cache-Control", "private, no-store")
	s.render(w, r, status, "admin-settings", p)
}

// handleSettingsUpdate saves the site settings.
func (s *Server) handleSettingsUpdate(w http.ResponseWriter, r *http.Request) {
	if s.requireAdmin(w, r) == nil {
		return
	}
	if err := parseForm(w, r, 4<<10); err != nil {
		s.error(w, r, err)
		return
	}
	policy := r.PostForm.Get("submissions")
	if !burg.ValidSubmitPolicy(policy) {
		s.renderSettings(w, r, http.StatusUnprocessableEntity, policy, "Pick one of the submission policies.", false)
		return
	}
	if err := s.store.SetSetting(r.Context(), burg.SettingSubmissions, policy); err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/settings?saved=1", http.StatusSeeOther)
}

type sourcesPage struct {
	base
	Sources []*burg.Source
	Domain  string
	Name    string
	Error   string
}

// handleSourceIndex lists the table of short source names, for
// moderators.
func (s *Server) handleSourceIndex(w http.ResponseWriter, r *http.Request) {
	if s.requireModerator(w, r) == nil {
		return
	}
	s.renderSources(w, r, http.StatusOK, &sourcesPage{})
}

func (s *Server) renderSources(w http.ResponseWriter, r *http.Request, status int, p *sourcesPage) {
	var err error
	if p.Sources, err = s.store.FindSources(r.Context()); err != nil {
		s.error(w, r, err)
		return
	}
	p.base = s.base(r, "Sources")
	p.NoIndex = true
	w.Header().Set("Cache-Control", "private, no-store")
	s.render(w, r, status, "admin-sources", p)
}

// handleSourceCreate adds an entry to the source table, or renames one.
func (s *Server) handleSourceCreate(w http.ResponseWriter, r *http.Request) {
	if s.requireModerator(w, r) == nil {
		return
	}
	if err := parseForm(w, r, 4<<10); err != nil {
		s.error(w, r, err)
		return
	}
	p := &sourcesPage{Domain: strings.TrimSpace(r.PostForm.Get("domain")), Name: strings.TrimSpace(r.PostForm.Get("name"))}
	src := &burg.Source{Domain: burg.NormalizeDomain(p.Domain), Name: p.Name}
	if err := s.store.SetSource(r.Context(), src); err != nil {
		if burg.ErrorCode(err) == burg.EINVALID {
			p.Error = burg.ErrorMessage(err)
			s.renderSources(w, r, http.StatusUnprocessableEntity, p)
			return
		}
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/sources", http.StatusSeeOther)
}

// handleSourceDelete removes an entry from the source table.
func (s *Server) handleSourceDelete(w http.ResponseWriter, r *http.Request) {
	if s.requireModerator(w, r) == nil {
		return
	}
	if err := parseForm(w, r, 4<<10); err != nil {
		s.error(w, r, err)
		return
	}
	if err := s.store.DeleteSource(r.Context(), burg.NormalizeDomain(r.PostForm.Get("domain"))); err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/sources", http.StatusSeeOther)
}
