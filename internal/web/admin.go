package web

import (
	"net/http"
	"strings"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/app"
)

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

// handleUserIndex lists the registered users.
func (s *Server) handleUserIndex(w http.ResponseWriter, r *http.Request) {
	s.renderUsers(w, r, http.StatusOK, &usersPage{Form: userForm{Role: burg.RolePoster}})
}

func (s *Server) renderUsers(w http.ResponseWriter, r *http.Request, status int, p *usersPage) {
	ctx, cancel := ctxTimeout(r)
	defer cancel()
	var err error
	if p.Users, err = s.app.Users(ctx, s.actor(r)); err != nil {
		s.error(w, r, err)
		return
	}
	p.base = s.base(r, "Users")
	p.NoIndex = true
	p.Roles = []string{burg.RolePoster, burg.RoleModerator, burg.RoleAdmin}
	w.Header().Set("Cache-Control", "private, no-store")
	s.render(w, r, status, "admin-users", p)
}

// readUserForm reads the user fields of a posted form.
func readUserForm(r *http.Request) userForm {
	return userForm{
		Nick:   strings.TrimSpace(r.PostForm.Get("nick")),
		Role:   strings.TrimSpace(r.PostForm.Get("role")),
		Colour: strings.ToLower(strings.TrimSpace(r.PostForm.Get("colour"))),
	}
}

// handleUserCreate adds a user with a generated password, shown once.
func (s *Server) handleUserCreate(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := ctxTimeout(r)
	defer cancel()
	if err := readForm(w, r, 8<<10, ""); err != nil {
		s.error(w, r, err)
		return
	}
	f := readUserForm(r)
	u, pw, err := s.app.CreateUser(ctx, s.actor(r), app.UserInput{Nick: f.Nick, Role: f.Role, Colour: f.Colour})
	if err != nil {
		s.failed(w, r, err, func(status int, msg string) {
			s.renderUsers(w, r, status, &usersPage{Form: f, Error: msg})
		})
		return
	}
	s.renderUsers(w, r, http.StatusOK, &usersPage{Form: userForm{Role: burg.RolePoster}, Shown: u, Password: pw})
}

// userAction runs an admin's action on user {id} and returns to the list,
// or shows why not.
func (s *Server) userAction(w http.ResponseWriter, r *http.Request, act func(id int64) error) {
	id, err := parseID(r.PathValue("id"), "user")
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := readForm(w, r, 8<<10, ""); err != nil {
		s.error(w, r, err)
		return
	}
	if err := act(id); err != nil {
		s.failed(w, r, err, func(status int, msg string) {
			s.renderUsers(w, r, status, &usersPage{Form: userForm{Role: burg.RolePoster}, Error: msg})
		})
		return
	}
	http.Redirect(w, r, "/admin/users", http.StatusSeeOther)
}

// handleUserUpdate changes a user's role and colour.
func (s *Server) handleUserUpdate(w http.ResponseWriter, r *http.Request) {
	s.userAction(w, r, func(id int64) error {
		f := readUserForm(r)
		_, err := s.app.SetUserRole(r.Context(), s.actor(r), id, f.Role, f.Colour)
		return err
	})
}

// handleUserDisable disables an account and ends its sessions.
func (s *Server) handleUserDisable(w http.ResponseWriter, r *http.Request) {
	s.userAction(w, r, func(id int64) error {
		_, err := s.app.DisableUser(r.Context(), s.actor(r), id)
		return err
	})
}

// handleUserEnable enables a disabled account again.
func (s *Server) handleUserEnable(w http.ResponseWriter, r *http.Request) {
	s.userAction(w, r, func(id int64) error {
		_, err := s.app.EnableUser(r.Context(), s.actor(r), id)
		return err
	})
}

// handleUserPasswordReset gives a user a new generated password, shown
// once, and ends their sessions.
func (s *Server) handleUserPasswordReset(w http.ResponseWriter, r *http.Request) {
	id, err := parseID(r.PathValue("id"), "user")
	if err != nil {
		s.error(w, r, err)
		return
	}
	if err := readForm(w, r, 8<<10, ""); err != nil {
		s.error(w, r, err)
		return
	}
	u, pw, err := s.app.ResetPassword(r.Context(), s.actor(r), id)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.renderUsers(w, r, http.StatusOK, &usersPage{Form: userForm{Role: burg.RolePoster}, Shown: u, Password: pw})
}
